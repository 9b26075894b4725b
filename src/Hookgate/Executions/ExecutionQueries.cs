using System.Data.Common;
using Hookgate.Storage;

namespace Hookgate.Executions;

/// <summary>An execution as listed: its ordered entries (targets, and includes for the generations that have them).</summary>
public sealed record ExecutionView(Condition Condition, Change Change, IReadOnlyList<ExecutionEntry> Entries)
{
    /// <summary>The execution's own targets, in order, without includes (what the v2 API shows).</summary>
    public IEnumerable<string> TargetIds => Entries.Where(e => e.TargetId is not null).Select(e => e.TargetId!);
}

public enum ExecutionSort
{
    CreationDate,
    Id,
    ChangeDate,
}

public abstract record ExecutionFilter
{
    public sealed record InConditions(IReadOnlyList<Condition> Conditions) : ExecutionFilter;

    /// <summary>Executions whose ID starts with the kind's name; null matches every kind.</summary>
    public sealed record OfKind(ExecutionKind? Kind) : ExecutionFilter;

    public sealed record WithTarget(string TargetId) : ExecutionFilter;

    public sealed record WithInclude(Condition Include) : ExecutionFilter;
}

/// <summary>Reads of the executions read model.</summary>
public sealed class ExecutionQueries(Database database)
{
    /// <param name="withIncludes">
    /// Show includes as entries and list executions that only include others (the v3alpha generations); without,
    /// only executions with at least one existing target are listed, with their targets (v2).
    /// </param>
    public async Task<Page<ExecutionView>> ListAsync(string instanceId, ListQuery query, ExecutionSort sort, IReadOnlyList<ExecutionFilter> filters, bool withIncludes, CancellationToken ct)
    {
        var entry = withIncludes ? "" : " AND et.target_id IS NOT NULL";
        var sql = new ListSql(database,
            "SELECT e.id, e.sequence, e.change_date, e.created_at, COUNT(*) OVER () FROM executions e WHERE e.instance_id = @instance " +
            $"AND EXISTS (SELECT 1 FROM execution_targets et WHERE et.instance_id = e.instance_id AND et.execution_id = e.id{entry})",
            ("instance", instanceId));
        foreach (var filter in filters)
        {
            _ = filter switch
            {
                ExecutionFilter.InConditions conditions => sql.WhereIn("e.id", conditions.Conditions.Select(c => c.Id)),
                ExecutionFilter.OfKind { Kind: { } kind } => sql.WhereText("e.id", TextMatch.StartsWith, Condition.KindName(kind)),
                ExecutionFilter.OfKind => sql,
                ExecutionFilter.WithTarget target => sql.Where(
                    $"EXISTS (SELECT 1 FROM execution_targets ft WHERE ft.instance_id = e.instance_id AND ft.execution_id = e.id AND ft.target_id = {sql.Bind(target.TargetId)})"),
                ExecutionFilter.WithInclude include => sql.Where(
                    $"EXISTS (SELECT 1 FROM execution_targets fi WHERE fi.instance_id = e.instance_id AND fi.execution_id = e.id AND fi.include_id = {sql.Bind(include.Include.Id)})"),
                _ => throw new ArgumentOutOfRangeException(nameof(filters)),
            };
        }
        var column = sort switch
        {
            ExecutionSort.Id => "e.id",
            ExecutionSort.ChangeDate => "e.change_date",
            _ => "e.created_at",
        };
        await using var connection = await database.OpenAsync(ct);
        var rows = await sql.ReadPageAsync(connection, query, column, "e.id",
            reader => new Change(reader.GetString(0), reader.GetInt64(1), reader.GetTime(2), reader.GetTime(3)), ct);
        var entries = await EntriesOfAsync(connection, instanceId, rows.Items.Select(r => r.AggregateId), withIncludes, ct);
        var items = rows.Items.Select(r => new ExecutionView(Condition.FromId(r.AggregateId), r, entries.GetValueOrDefault(r.AggregateId) ?? [])).ToArray();
        return new Page<ExecutionView>(items, rows.TotalResult, rows.AppliedLimit);
    }

    /// <summary>Every execution of the instance with its entries in order (targets that still exist, and includes).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ExecutionEntry>>> EntriesByExecutionAsync(string instanceId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var entries = await EntriesAsync(connection, Entries(instanceId), ct);
        return entries.ToDictionary(p => p.Key, p => (IReadOnlyList<ExecutionEntry>)p.Value, StringComparer.Ordinal);
    }

    private Task<Dictionary<string, List<ExecutionEntry>>> EntriesOfAsync(DbConnection connection, string instanceId, IEnumerable<string> executionIds, bool withIncludes, CancellationToken ct)
    {
        var sql = Entries(instanceId).WhereIn("execution_id", executionIds);
        return EntriesAsync(connection, withIncludes ? sql : sql.Where("target_id IS NOT NULL"), ct);
    }

    private ListSql Entries(string instanceId) =>
        new(database, "SELECT execution_id, target_id, include_id FROM execution_targets WHERE instance_id = @instance", ("instance", instanceId));

    private static async Task<Dictionary<string, List<ExecutionEntry>>> EntriesAsync(DbConnection connection, ListSql sql, CancellationToken ct)
    {
        var result = new Dictionary<string, List<ExecutionEntry>>(StringComparer.Ordinal);
        await foreach (var (id, entry) in sql.ReadAllAsync(connection, "execution_id, position",
            reader => (reader.GetString(0), new ExecutionEntry(reader.GetNullableString(1), reader.GetNullableString(2) is { } include ? Condition.FromId(include) : null)), ct))
        {
            if (!result.TryGetValue(id, out var list))
            {
                result[id] = list = [];
            }
            list.Add(entry);
        }
        return result;
    }
}
