using Hookgate.Errors;
using Hookgate.Storage;

namespace Hookgate.Executions;

/// <summary>An entry of an execution's ordered list: a target, or (older API generations) an included execution.</summary>
public sealed record ExecutionEntry(string? TargetId, Condition? Include)
{
    public static ExecutionEntry Target(string id) => new(id, null);
}

/// <summary>Setting and removing executions (ZITADEL's command package rules), includes and all.</summary>
public sealed class ExecutionCommands(EventStore store, ExecutionCatalog catalog)
{
    /// <summary>Includes may nest this deep: A→B→C is allowed, A→B→C→D is not.</summary>
    public const int MaxIncludeLevels = 3;

    /// <summary>
    /// Sets the condition's ordered list of targets and includes. An identical list writes nothing and reports
    /// the execution as it is (<see cref="Change.None"/> for a never-set one); an empty list clears the execution,
    /// unless <paramref name="requireEntries"/> (the first v3alpha generation refused it).
    /// </summary>
    public Task<Change> SetAsync(string instanceId, string creator, Condition condition, IReadOnlyList<ExecutionEntry> entries, CancellationToken ct, bool requireEntries = false)
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
        if (requireEntries && list.Length == 0)
        {
            throw ApiError.InvalidArgument("COMMAND-56bteot2uj", "Errors.Execution.NoTargets");
        }
        return store.WriteAsync(instanceId, creator, async (session, ct) =>
        {
            var events = await session.LoadAsync(ExecutionEvents.Aggregate, condition.Id, ct);
            if (EntriesOf(events).SequenceEqual(list))
            {
                return Change.Of(condition.Id, events);
            }
            await CheckTargetsExistAsync(session, list, ct);
            await CheckIncludesAsync(session, condition.Id, list.Where(e => e.Type == ExecutionTargetEntry.IncludeType).Select(e => e.Target).ToArray(), ct);
            session.Append(new NewEvent(new Aggregate(ExecutionEvents.Aggregate, condition.Id, instanceId), ExecutionEvents.Set, new ExecutionSet(list)));
            return session.ChangeOf(ExecutionEvents.Aggregate, condition.Id, events);
        }, ct);
    }

    /// <summary>Removes an execution (the first v3alpha generation's DeleteExecution); one that is not set is NotFound.</summary>
    public Task<Change> RemoveAsync(string instanceId, string creator, Condition condition, CancellationToken ct) =>
        store.WriteAsync(instanceId, creator, async (session, ct) =>
        {
            var events = await session.LoadAsync(ExecutionEvents.Aggregate, condition.Id, ct);
            if (!IsSet(events))
            {
                throw ApiError.NotFound("COMMAND-suq2upd3rt", "Errors.Execution.NotFound");
            }
            session.Append(new NewEvent(new Aggregate(ExecutionEvents.Aggregate, condition.Id, instanceId), ExecutionEvents.Removed));
            return session.ChangeOf(ExecutionEvents.Aggregate, condition.Id, events);
        }, ct);

    private static IReadOnlyList<ExecutionTargetEntry> EntriesOf(IReadOnlyList<StoredEvent> events) =>
        events.Count > 0 && events[^1].Payload is ExecutionSet set ? set.Targets : [];

    private static bool IsSet(IReadOnlyList<StoredEvent> events) => events.Count > 0 && events[^1].Type == ExecutionEvents.Set;

    /// <summary>
    /// Every include names an execution that is set; none leads back to <paramref name="executionId"/>; and none
    /// is nested deeper than <see cref="MaxIncludeLevels"/>, counting the execution being set as level 0
    /// (ZITADEL's checkForIncludeCircular, against the event store so concurrent writes cannot slip past).
    /// </summary>
    private static async Task CheckIncludesAsync(WriteSession session, string executionId, IReadOnlyList<string> includes, CancellationToken ct)
    {
        var loaded = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);
        async Task<IReadOnlyList<string>?> IncludesOf(string id)
        {
            if (!loaded.TryGetValue(id, out var result))
            {
                var events = await session.LoadAsync(ExecutionEvents.Aggregate, id, ct);
                loaded[id] = result = IsSet(events)
                    ? EntriesOf(events).Where(e => e.Type == ExecutionTargetEntry.IncludeType).Select(e => e.Target).ToArray()
                    : null;
            }
            return result;
        }

        foreach (var include in includes)
        {
            if (await IncludesOf(include) is null)
            {
                throw ApiError.NotFound("COMMAND-slgj0l4cdz", "Errors.Execution.IncludeNotFound");
            }
        }
        async Task Walk(IReadOnlyList<string> children, List<string> path, int level)
        {
            foreach (var include in children)
            {
                if (include == executionId)
                {
                    throw ApiError.FailedPrecondition(level == 0 ? "COMMAND-mo1cmjp5k7" : "COMMAND-iuch02i656", "Errors.Execution.CircularInclude");
                }
                if (path.Contains(include))
                {
                    throw ApiError.FailedPrecondition("COMMAND-819opvhgjv", "Errors.Execution.CircularInclude");
                }
                var grandchildren = await IncludesOf(include) ?? [];
                if (level + 1 >= MaxIncludeLevels)
                {
                    throw ApiError.FailedPrecondition("COMMAND-gbhd3g57oo", "Errors.Execution.MaxLevelsInclude");
                }
                path.Add(include);
                await Walk(grandchildren, path, level + 1);
                path.RemoveAt(path.Count - 1);
            }
        }
        await Walk(includes, [], 0);
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
