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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Every tick writes what gathered since the last one in one transaction; now and then old rows go.
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100), time);
        var nextPrune = time.GetUtcNow();
        try
        {
            while (await ticks.WaitForNextTickAsync(stoppingToken))
            {
                while (_pending.Reader.Count > 0)
                {
                    await FlushAsync(stoppingToken);
                }
                if (time.GetUtcNow() >= nextPrune)
                {
                    await PruneAsync(stoppingToken);
                    nextPrune = time.GetUtcNow() + PruneEvery;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: keep what is still waiting.
            await FlushAsync(CancellationToken.None);
        }
    }

    private async Task WriteAsync(List<DeliveryRecord> batch, CancellationToken ct)
    {
        await using var lease = await database.BeginWriteAsync(exclusive: false, ct);
        foreach (var r in batch)
        {
            await lease.Connection.ExecuteAsync(lease.Transaction,
                """
                INSERT INTO deliveries (instance_id, id, time, execution_id, full_method, target_id, target_type, duration_us, outcome, status_code, error_id, error_message, interrupted, attempt)
                VALUES (@instance, @id, @time, @execution, @method, @target, @type, @duration, @outcome, @status, @errorId, @errorMessage, @interrupted, @attempt)
                """, ct,
                ("instance", r.InstanceId), ("id", r.Id), ("time", r.Time.ToMicros()), ("execution", r.ExecutionId), ("method", r.FullMethod),
                ("target", r.TargetId), ("type", (long)r.TargetType), ("duration", r.Duration.Ticks / 10), ("outcome", (long)r.Outcome),
                ("status", (long)r.StatusCode), ("errorId", r.ErrorId), ("errorMessage", r.ErrorMessage), ("interrupted", r.Interrupted), ("attempt", (long)r.Attempt));
        }
        await lease.CommitAsync(ct);
    }

    [LoggerMessage(EventId = 20, EventName = "TargetCalled", Level = LogLevel.Information,
        Message = "Target {TargetId} for {ExecutionId} ({FullMethod}): {Outcome} status {StatusCode} in {DurationMs} ms {ErrorId}")]
    private static partial void LogDelivery(ILogger logger, string targetId, string executionId, string fullMethod, DeliveryOutcome outcome, int statusCode, long durationMs, string errorId);
}
