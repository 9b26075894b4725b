using Hookgate.Errors;
using Hookgate.Storage;

namespace Hookgate.Executions;

/// <summary>An entry of an execution's ordered list: a target, or (older API generations) an included execution.</summary>
public sealed record ExecutionEntry(string? TargetId, Condition? Include)
{
    public static ExecutionEntry Target(string id) => new(id, null);
}

/// <summary>Setting executions (ZITADEL's command package rules).</summary>
public sealed class ExecutionCommands(EventStore store, ExecutionCatalog catalog)
{
    /// <summary>
    /// Sets the condition's ordered list. An identical list writes nothing and returns the last change date
    /// (the zero time for a never-set execution); an empty list clears the execution.
    /// </summary>
    public Task<DateTimeOffset> SetAsync(string instanceId, string creator, Condition condition, IReadOnlyList<ExecutionEntry> entries, CancellationToken ct)
    {
        CheckExists(condition);
        var list = new ExecutionTargetEntry[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            list[i] = entries[i] switch
            {
                { TargetId: { Length: > 0 } id } => ExecutionTargetEntry.ForTarget(id),
                { Include: { } include } => ExecutionTargetEntry.ForInclude(include.Id),
                _ => throw ApiError.InvalidArgument("COMMAND-hdm4zl1hmd", "Errors.Execution.Invalid"),
            };
        }
        return store.WriteAsync(instanceId, creator, async (session, ct) =>
        {
            await CheckTargetsExistAsync(session, list, ct);
            var events = await session.LoadAsync(ExecutionEvents.Aggregate, condition.Id, ct);
            var current = events.Count == 0 ? [] : (events[^1].Payload as ExecutionSet)?.Targets ?? [];
            if (current.SequenceEqual(list))
            {
                return events.Count == 0 ? DateTimeOffset.MinValue : events[^1].CreatedAt;
            }
            session.Append(new NewEvent(new Aggregate(ExecutionEvents.Aggregate, condition.Id, instanceId), ExecutionEvents.Set, new ExecutionSet(list)));
            return session.Now;
        }, ct);
    }

    private void CheckExists(Condition condition)
    {
        var (exists, id) = condition.Scope switch
        {
            ConditionScope.Method => (catalog.HasMethod(condition.Value), "COMMAND-vysplsevt8"),
            ConditionScope.Service => (catalog.HasService(condition.Value), "COMMAND-qu6dfhiioq"),
            ConditionScope.Function => (catalog.HasFunction(condition.Value), "COMMAND-cdy39t0ksr"),
            ConditionScope.Event => (catalog.HasEventType(condition.Value), "COMMAND-74aaqj8fv9"),
            ConditionScope.Group => (catalog.HasEventGroup(TrimGroupSuffix(condition.Value)), "COMMAND-er5oneb5lz"),
            _ => (true, ""),
        };
        if (!exists)
        {
            throw ApiError.NotFound(id, "Errors.Execution.ConditionInvalid");
        }
    }

    /// <summary>Every target exists and none is listed twice (ZITADEL compares the list with the distinct existing IDs).</summary>
    private static async Task CheckTargetsExistAsync(WriteSession session, ExecutionTargetEntry[] list, CancellationToken ct)
    {
        var ids = list.Where(e => e.Type == ExecutionTargetEntry.TargetType).Select(e => e.Target).ToArray();
        if (ids.Length == 0)
        {
            return;
        }
        var found = await new ListSql(session.Database, "SELECT COUNT(*) FROM targets WHERE instance_id = @instance", ("instance", session.InstanceId))
            .WhereIn("id", ids).CountAsync(session.Connection, session.Transaction, ct);
        if (found != ids.Length)
        {
            throw ApiError.NotFound("COMMAND-17e8fq1ggk", "Errors.Target.NotFound");
        }
    }

    private static string TrimGroupSuffix(string group) =>
        group.EndsWith(Condition.GroupSuffix, StringComparison.Ordinal) ? group[..^Condition.GroupSuffix.Length] : group;
}
