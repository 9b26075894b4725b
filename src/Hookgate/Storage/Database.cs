using System.Data.Common;

namespace Hookgate.Storage;

public enum TextMatch
{
    Equals,
    EqualsIgnoreCase,
    StartsWith,
    StartsWithIgnoreCase,
    Contains,
    ContainsIgnoreCase,
    EndsWith,
    EndsWithIgnoreCase,
}

/// <summary>
/// A storage provider: how to open connections and transactions, its schema, and the few SQL spellings that
/// differ. Everything else (event log, projections, queries) is portable SQL shared by both providers.
/// </summary>
public abstract class Database : IAsyncDisposable
{
    public abstract string Provider { get; }

    /// <summary>The schema, one script per version, applied in order and recorded in <c>schema_migrations</c>.</summary>
    protected abstract IReadOnlyList<string> Migrations { get; }

    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// A connection with an open transaction for a write. <paramref name="exclusive"/> also shuts out every
    /// other exclusive writer on any node (schema setup, first start).
    /// </summary>
    public abstract ValueTask<WriteLease> BeginWriteAsync(bool exclusive, CancellationToken ct);

    /// <summary>Opens a <see cref="RowAppender"/> on <paramref name="table"/>'s <paramref name="columns"/>.</summary>
    public abstract ValueTask<RowAppender> BeginAppendAsync(string table, IReadOnlyList<string> columns, CancellationToken ct);

    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>Announces committed changes to the other nodes, inside the write's transaction (so only if it commits).</summary>
    public virtual Task NotifyAsync(WriteLease lease, string tag, IReadOnlyList<AggregateChange> changes, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Delivers other nodes' change notifications until cancelled or the connection fails (then it throws and the
    /// caller resyncs and listens again). A single-node provider has none and just waits.
    /// </summary>
    public virtual Task ListenAsync(Action onListening, Action<string> onNotification, CancellationToken ct)
    {
        onListening();
        return Task.Delay(Timeout.Infinite, ct);
    }

    /// <summary>
    /// A boolean SQL expression matching <paramref name="column"/> against <paramref name="value"/>, and the value
    /// to bind to <paramref name="parameter"/> (a LIKE pattern where the provider uses one).
    /// </summary>
    public abstract (string Condition, string Value) TextCondition(string column, TextMatch match, string parameter, string value);

    public abstract ValueTask DisposeAsync();

    /// <summary>The LIKE pattern for a match method, with <c>ESCAPE '\'</c> escaping.</summary>
    protected static string LikePattern(TextMatch match, string value)
    {
        var escaped = value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
        return match switch
        {
            TextMatch.StartsWith or TextMatch.StartsWithIgnoreCase => escaped + "%",
            TextMatch.Contains or TextMatch.ContainsIgnoreCase => "%" + escaped + "%",
            TextMatch.EndsWith or TextMatch.EndsWithIgnoreCase => "%" + escaped,
            _ => escaped,
        };
    }

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var lease = await BeginWriteAsync(exclusive: true, ct);
        var (connection, transaction) = (lease.Connection, lease.Transaction);
        await connection.ExecuteAsync(transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)", ct);
        var applied = Convert.ToInt64(await connection.ScalarAsync(transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", ct) ?? 0L);
        for (var version = (int)applied + 1; version <= Migrations.Count; version++)
        {
            await connection.ExecuteAsync(transaction, Migrations[version - 1], ct);
            await connection.ExecuteAsync(transaction, "INSERT INTO schema_migrations (version) VALUES (@v)", ct, ("v", version));
        }
        await lease.CommitAsync(ct);
    }
}

/// <summary>A write transaction; disposing without <see cref="CommitAsync"/> rolls back.</summary>
public sealed class WriteLease(DbConnection connection, DbTransaction transaction, Func<ValueTask> release) : IAsyncDisposable
{
    private bool _committed;

    public DbConnection Connection { get; } = connection;
    public DbTransaction Transaction { get; } = transaction;

    public async Task CommitAsync(CancellationToken ct)
    {
        await Transaction.CommitAsync(ct);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_committed)
            {
                await Transaction.RollbackAsync(CancellationToken.None);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or DbException)
        {
            // The transaction already ended (a failed statement on PostgreSQL aborts it).
        }
        finally
        {
            await Transaction.DisposeAsync();
            await release();
        }
    }
}
