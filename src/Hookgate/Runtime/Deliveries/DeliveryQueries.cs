using Hookgate.Storage;
using Hookgate.Targets;

namespace Hookgate.Runtime.Deliveries;

public abstract record DeliveryFilter
{
    public sealed record OfTarget(string TargetId) : DeliveryFilter;
    public sealed record OfExecution(string ExecutionId) : DeliveryFilter;
    public sealed record WithOutcome(DeliveryOutcome Outcome) : DeliveryFilter;
    public sealed record Failed : DeliveryFilter;
    public sealed record Between(DateTimeOffset? After, DateTimeOffset? Before) : DeliveryFilter;
}

/// <summary>Reads of the delivery log, newest first unless asked otherwise.</summary>
public sealed class DeliveryQueries(Database database, DeliveryLog log)
{
    public async Task<Page<DeliveryRecord>> ListAsync(string instanceId, ListQuery query, IReadOnlyList<DeliveryFilter> filters, CancellationToken ct)
    {
        await log.FlushAsync(ct);
        var sql = new ListSql(database,
            "SELECT id, time, execution_id, full_method, target_id, target_type, duration_us, outcome, status_code, error_id, error_message, interrupted, attempt, COUNT(*) OVER () " +
            "FROM deliveries WHERE instance_id = @instance", ("instance", instanceId));
        foreach (var filter in filters)
        {
            _ = filter switch
            {
                DeliveryFilter.OfTarget target => sql.Where($"target_id = {sql.Bind(target.TargetId)}"),
                DeliveryFilter.OfExecution execution => sql.Where($"execution_id = {sql.Bind(execution.ExecutionId)}"),
                DeliveryFilter.WithOutcome outcome => sql.Where($"outcome = {sql.Bind((long)outcome.Outcome)}"),
                DeliveryFilter.Failed => sql.Where($"outcome <> {sql.Bind((long)DeliveryOutcome.Success)}"),
                DeliveryFilter.Between between => Between(sql, between),
                _ => throw new ArgumentOutOfRangeException(nameof(filters)),
            };
        }
        return await sql.ReadPageAsync(query, "time", "id", reader => new DeliveryRecord(
            instanceId, reader.GetString(0), reader.GetTime(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), (TargetType)reader.GetInt64(5),
            TimeSpan.FromTicks(reader.GetInt64(6) * 10), (DeliveryOutcome)reader.GetInt64(7), (int)reader.GetInt64(8), reader.GetString(9), reader.GetString(10),
            reader.GetBoolean(11), (int)reader.GetInt64(12)), ct);
    }

    private static ListSql Between(ListSql sql, DeliveryFilter.Between between)
    {
        if (between.After is { } after)
        {
            sql.Where($"time >= {sql.Bind(after.ToMicros())}");
        }
        if (between.Before is { } before)
        {
            sql.Where($"time < {sql.Bind(before.ToMicros())}");
        }
        return sql;
    }
}
