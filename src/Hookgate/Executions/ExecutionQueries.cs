using Hookgate.Storage;

namespace Hookgate.Executions;

public sealed record ExecutionView(Condition Condition, DateTimeOffset CreationDate, DateTimeOffset ChangeDate, IReadOnlyList<string> TargetIds);

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
}

/// <summary>Reads of the executions read model. Only executions with at least one existing target are listed.</summary>
public sealed class ExecutionQueries(Database database)
{
    private const string HasTarget =
        "EXISTS (SELECT 1 FROM execution_targets et WHERE et.instance_id = e.instance_id AND et.execution_id = e.id AND et.target_id IS NOT NULL)";

    public async Task<Page<ExecutionView>> ListAsync(string instanceId, ListQuery query, ExecutionSort sort, IReadOnlyList<ExecutionFilter> filters, CancellationToken ct)
    {
        var sql = new ListSql(database, $"SELECT e.id, e.created_at, e.change_date, COUNT(*) OVER () FROM executions e WHERE e.instance_id = @instance AND {HasTarget}",
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
        var rows = await sql.ReadPageAsync(connection, query, column, "e.id", reader => (Id: reader.GetString(0), Created: reader.GetTime(1), Changed: reader.GetTime(2)), ct);
        var targets = await TargetsOfAsync(connection, instanceId, rows.Items.Select(r => r.Id), ct);
        var items = rows.Items.Select(r => new ExecutionView(Condition.FromId(r.Id), r.Created, r.Changed, targets.GetValueOrDefault(r.Id) ?? [])).ToArray();
        return new Page<ExecutionView>(items, rows.TotalResult, rows.AppliedLimit);
    }

    private async Task<Dictionary<string, List<string>>> TargetsOfAsync(System.Data.Common.DbConnection connection, string instanceId, IEnumerable<string> executionIds, CancellationToken ct)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var sql = new ListSql(database, "SELECT execution_id, target_id FROM execution_targets WHERE instance_id = @instance AND target_id IS NOT NULL", ("instance", instanceId))
            .WhereIn("execution_id", executionIds);
        await foreach (var (id, target) in sql.ReadAllAsync(connection, "execution_id, position", reader => (reader.GetString(0), reader.GetString(1)), ct))
        {
            if (!result.TryGetValue(id, out var list))
            {
                result[id] = list = [];
            }
            list.Add(target);
        }
        return result;
    }
}
