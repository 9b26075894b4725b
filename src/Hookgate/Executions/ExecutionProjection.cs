using Hookgate.Storage;
using Hookgate.Targets;

namespace Hookgate.Executions;

/// <summary>The executions and execution_targets read models.</summary>
internal static class ExecutionProjection
{
    public static void Register(EventSchema schema)
    {
        schema.Reduce(ExecutionEvents.Set, async (e, w, ct) =>
            {
                var set = (ExecutionSet)e.Payload!;
                var key = ("instance", (object?)e.InstanceId);
                var id = ("id", (object?)e.Aggregate.Id);
                await w.ExecuteAsync(
                    """
                    INSERT INTO executions (instance_id, id, created_at, change_date, sequence) VALUES (@instance, @id, @at, @at, @seq)
                    ON CONFLICT (instance_id, id) DO UPDATE SET change_date = excluded.change_date, sequence = excluded.sequence
                    """, ct, key, id, ("at", e.CreatedAt.ToMicros()), ("seq", e.Sequence));
                await w.ExecuteAsync("DELETE FROM execution_targets WHERE instance_id = @instance AND execution_id = @id", ct, key, id);
                for (var i = 0; i < set.Targets.Count; i++)
                {
                    var entry = set.Targets[i];
                    var isInclude = entry.Type == ExecutionTargetEntry.IncludeType;
                    await w.ExecuteAsync(
                        "INSERT INTO execution_targets (instance_id, execution_id, position, target_id, include_id) VALUES (@instance, @id, @position, @target, @include)",
                        ct, key, id, ("position", (long)(i + 1)), ("target", isInclude ? null : entry.Target), ("include", isInclude ? entry.Target : null));
                }
            })
            .Reduce(ExecutionEvents.Removed, async (e, w, ct) =>
            {
                var key = ("instance", (object?)e.InstanceId);
                var id = ("id", (object?)e.Aggregate.Id);
                await w.ExecuteAsync("DELETE FROM execution_targets WHERE instance_id = @instance AND execution_id = @id", ct, key, id);
                await w.ExecuteAsync("DELETE FROM executions WHERE instance_id = @instance AND id = @id", ct, key, id);
            })
            // A removed target leaves every execution's read model; the execution.v2.set events stay as they are.
            .Reduce(TargetEvents.Removed, (e, w, ct) => w.ExecuteAsync(
                "DELETE FROM execution_targets WHERE instance_id = @instance AND target_id = @id", ct,
                ("instance", e.InstanceId), ("id", e.Aggregate.Id)));
    }
}
