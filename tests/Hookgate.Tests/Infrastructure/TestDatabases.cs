using Npgsql;

namespace Hookgate.Tests.Infrastructure;

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Fresh databases for tests. PostgreSQL comes from HOOKGATE_TEST_POSTGRES (./test starts a throwaway
/// cluster and sets it); without it the PostgreSQL tests fail rather than skip, so CI cannot pass them silently.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "HOOKGATE_TEST_POSTGRES";

    public static string PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            $"{PostgresVariable} is not set. Run ./test, which starts a throwaway PostgreSQL, or point it at a server (a connection string whose user may create databases).");

    /// <summary>A new, empty PostgreSQL database; returns its connection string.</summary>
    public static async Task<string> CreatePostgresAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresServer);
        var name = "hookgate_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        server.Database = name;
        server.Pooling = true;
        return server.ConnectionString;
    }

    public static string NewDataDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hookgate-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
