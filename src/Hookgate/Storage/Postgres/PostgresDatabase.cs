using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Hookgate.Storage.Postgres;

/// <summary>
/// PostgreSQL, for several nodes on one database. Writers run concurrently at READ COMMITTED; two writers of one
/// aggregate collide on the events' unique sequence and the loser decides again. Exclusive writes (setup) hold a
/// transaction-scoped advisory lock.
/// </summary>
public sealed class PostgresDatabase : Database
{
    private const long SetupLockKey = 0x486f6f6b67617465; // "Hookgate"
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(ToNpgsql(connectionString));
    }

    public override string Provider => "postgres";

    protected override IReadOnlyList<string> Migrations { get; } =
        Schema.For("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "BIGINT", "BOOLEAN", "BYTEA");

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    public override async ValueTask<WriteLease> BeginWriteAsync(bool exclusive, CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            if (exclusive)
            {
                await connection.ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(@key)", ct, ("key", SetupLockKey));
            }
            return new WriteLease(connection, transaction, connection.DisposeAsync);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async ValueTask<RowAppender> BeginAppendAsync(string table, IReadOnlyList<string> columns, CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct);
        try
        {
            var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", ct);
            return new PostgresRowAppender(connection, importer);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A binary COPY: one statement for all rows, which commits when it completes.</summary>
    private sealed class PostgresRowAppender(NpgsqlConnection connection, NpgsqlBinaryImporter importer) : RowAppender
    {
        public override ValueTask StartRowAsync(CancellationToken ct) => new(importer.StartRowAsync(ct));

        public override ValueTask WriteAsync(string value, CancellationToken ct) => new(importer.WriteAsync(value, NpgsqlDbType.Text, ct));

        public override ValueTask WriteAsync(long value, CancellationToken ct) => new(importer.WriteAsync(value, NpgsqlDbType.Bigint, ct));

        public override ValueTask WriteAsync(bool value, CancellationToken ct) => new(importer.WriteAsync(value, NpgsqlDbType.Boolean, ct));

        public override async ValueTask CompleteAsync(CancellationToken ct) => await importer.CompleteAsync(ct);

        public override async ValueTask DisposeAsync()
        {
            await importer.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private const string Channel = "hookgate_changes";

    /// <summary>NOTIFY payloads must stay under 8000 bytes; larger commits are announced in several.</summary>
    private const int MaxChangesPerNotification = 64;

    public override async Task NotifyAsync(WriteLease lease, string tag, IReadOnlyList<AggregateChange> changes, CancellationToken ct)
    {
        foreach (var chunk in changes.Chunk(MaxChangesPerNotification))
        {
            await lease.Connection.ExecuteAsync(lease.Transaction, "SELECT pg_notify(@channel, @payload)", ct,
                ("channel", Channel), ("payload", ChangeFeed.Encode(tag, chunk)));
        }
    }

    public override async Task ListenAsync(Action onListening, Action<string> onNotification, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        connection.Notification += (_, e) => onNotification(e.Payload);
        await connection.ExecuteAsync(null, $"LISTEN {Channel}", ct);
        onListening();
        while (true)
        {
            // A quiet connection is pinged now and then, so a dead one is noticed and the caller resyncs.
            if (!await connection.WaitAsync(TimeSpan.FromSeconds(15), ct))
            {
                await connection.ExecuteAsync(null, "SELECT 1", ct);
            }
        }
    }

    public override (string Condition, string Value) TextCondition(string column, TextMatch match, string parameter, string value) => match switch
    {
        TextMatch.Equals => ($"{column} = {parameter}", value),
        TextMatch.EqualsIgnoreCase => ($"lower({column}) = lower({parameter})", value),
        TextMatch.StartsWith or TextMatch.Contains or TextMatch.EndsWith => ($"{column} LIKE {parameter} ESCAPE '\\'", LikePattern(match, value)),
        _ => ($"{column} ILIKE {parameter} ESCAPE '\\'", LikePattern(match, value)),
    };

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Accepts Npgsql's key=value form and the postgres:// URL form most tools print.</summary>
    internal static string ToNpgsql(string connectionString)
    {
        if (!connectionString.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !connectionString.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new NpgsqlConnectionStringBuilder(connectionString).ConnectionString;
        }
        var uri = new Uri(connectionString);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }
        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
        }
        return builder.ConnectionString;
    }
}
