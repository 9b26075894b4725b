using System.Threading.Channels;
using Hookgate.Ids;
using Hookgate.Storage;
using Hookgate.Targets;

namespace Hookgate.Runtime.Deliveries;

/// <summary>One target call as the delivery log keeps it.</summary>
public sealed record DeliveryRecord(
    string InstanceId,
    string Id,
    DateTimeOffset Time,
    string ExecutionId,
    string FullMethod,
    string TargetId,
    TargetType TargetType,
    TimeSpan Duration,
    DeliveryOutcome Outcome,
    int StatusCode,
    string ErrorId,
    string ErrorMessage,
    bool Interrupted,
    int Attempt);

/// <summary>
/// Records every target call: a structured log line at once (no payloads, no keys), and a row in the deliveries
/// table written in batches off the call's path. Rows older than the retention are pruned.
/// </summary>
public sealed partial class DeliveryLog(Database database, IdGenerator ids, TimeProvider time, TimeSpan retention, ILogger<DeliveryLog> logger) : BackgroundService
{
    /// <summary>Calls waiting to be written; past this the oldest are dropped rather than slowing the API down.</summary>
    private const int Capacity = 100_000;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    private readonly Channel<DeliveryRecord> _pending = Channel.CreateBounded<DeliveryRecord>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = false });
    private readonly SemaphoreSlim _writing = new(1, 1);

    public void Record(string instanceId, string executionId, string fullMethod, TargetView target, TargetCallResult result, bool interrupted)
    {
        var record = new DeliveryRecord(instanceId, ids.Next(), result.Started, executionId, fullMethod, target.Id, target.Type, result.Duration,
            result.Outcome, result.StatusCode, result.Error?.Id ?? "", result.Error?.Message ?? "", interrupted, 1);
        LogDelivery(logger, record.TargetId, record.ExecutionId, record.FullMethod, record.Outcome, record.StatusCode, (long)record.Duration.TotalMilliseconds, record.ErrorId);
        _pending.Writer.TryWrite(record);
    }

    /// <summary>Writes what is waiting now; lists call this first so a node's own calls are visible at once.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await _writing.WaitAsync(ct);
        try
        {
            var batch = new List<DeliveryRecord>();
            while (batch.Count < 1000 && _pending.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }
            if (batch.Count > 0)
            {
                await WriteAsync(batch, ct);
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Deletes the deliveries older than the retention; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        await using var lease = await database.BeginWriteAsync(exclusive: false, ct);
        var removed = await lease.Connection.ExecuteAsync(lease.Transaction, "DELETE FROM deliveries WHERE time < @cutoff", ct,
            ("cutoff", (time.GetUtcNow() - retention).ToMicros()));
        await lease.CommitAsync(ct);
        return removed;
    }

    /// <summary>
    /// Writes on a thread of its own: SQLite's driver completes its "async" calls synchronously, so a batch written
    /// from the thread pool would hold one of its few threads and stall API calls for the length of the batch.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = new Thread(() =>
        {
            try
            {
                WriteUntilStopped(stoppingToken);
            }
            finally
            {
                stopped.SetResult();
            }
        })
        { IsBackground = true, Name = "Hookgate delivery log" };
        writer.Start();
        return stopped.Task;
    }

    private void WriteUntilStopped(CancellationToken stoppingToken)
    {
        var nextPrune = time.GetUtcNow();
        // Every 100 ms what gathered is written in one transaction; now and then old rows go.
        while (!stoppingToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100)))
        {
            try
            {
                while (_pending.Reader.Count > 0)
                {
                    FlushAsync(stoppingToken).GetAwaiter().GetResult();
                }
                if (time.GetUtcNow() >= nextPrune)
                {
                    PruneAsync(stoppingToken).GetAwaiter().GetResult();
                    nextPrune = time.GetUtcNow() + PruneEvery;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                LogWriteFailed(logger, e);
            }
        }
        // Shutting down: keep what is still waiting.
        FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private async Task WriteAsync(List<DeliveryRecord> batch, CancellationToken ct)
    {
        await using var lease = await database.BeginWriteAsync(exclusive: false, ct);
        // One prepared statement for the whole batch: only the values change from row to row.
        await using var insert = lease.Connection.Command(lease.Transaction,
            """
            INSERT INTO deliveries (instance_id, id, time, execution_id, full_method, target_id, target_type, duration_us, outcome, status_code, error_id, error_message, interrupted, attempt)
            VALUES (@instance, @id, @time, @execution, @method, @target, @type, @duration, @outcome, @status, @errorId, @errorMessage, @interrupted, @attempt)
            """,
            ("instance", ""), ("id", ""), ("time", 0L), ("execution", ""), ("method", ""), ("target", ""), ("type", 0L), ("duration", 0L), ("outcome", 0L),
            ("status", 0L), ("errorId", ""), ("errorMessage", ""), ("interrupted", false), ("attempt", 0L));
        await insert.PrepareAsync(ct);
        var values = insert.Parameters;
        foreach (var r in batch)
        {
            (values[0].Value, values[1].Value, values[2].Value, values[3].Value, values[4].Value, values[5].Value, values[6].Value) =
                (r.InstanceId, r.Id, r.Time.ToMicros(), r.ExecutionId, r.FullMethod, r.TargetId, (long)r.TargetType);
            (values[7].Value, values[8].Value, values[9].Value, values[10].Value, values[11].Value, values[12].Value, values[13].Value) =
                (r.Duration.Ticks / 10, (long)r.Outcome, (long)r.StatusCode, r.ErrorId, r.ErrorMessage, r.Interrupted, (long)r.Attempt);
            await insert.ExecuteNonQueryAsync(ct);
        }
        await lease.CommitAsync(ct);
    }

    [LoggerMessage(EventId = 21, EventName = "DeliveryWriteFailed", Level = LogLevel.Warning, Message = "Writing the delivery log failed; will retry")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 20, EventName = "TargetCalled", Level = LogLevel.Information,
        Message = "Target {TargetId} for {ExecutionId} ({FullMethod}): {Outcome} status {StatusCode} in {DurationMs} ms {ErrorId}")]
    private static partial void LogDelivery(ILogger logger, string targetId, string executionId, string fullMethod, DeliveryOutcome outcome, int statusCode, long durationMs, string errorId);
}
