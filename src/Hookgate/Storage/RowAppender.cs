namespace Hookgate.Storage;

/// <summary>
/// Rows appended to one table value by value, in the column order they were opened with, and stored together by
/// <see cref="CompleteAsync"/>; disposing without it stores none. For logs written far more often than read:
/// providers skip the per-statement machinery (SQLite binds by position, PostgreSQL streams a binary COPY).
/// </summary>
public abstract class RowAppender : IAsyncDisposable
{
    public abstract ValueTask StartRowAsync(CancellationToken ct);

    public abstract ValueTask WriteAsync(string value, CancellationToken ct);

    public abstract ValueTask WriteAsync(long value, CancellationToken ct);

    public abstract ValueTask WriteAsync(bool value, CancellationToken ct);

    public abstract ValueTask CompleteAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();
}
