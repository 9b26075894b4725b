using System.Text;
using Hookgate.Storage;
using Hookgate.Targets;

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
        var sql = new StringBuilder($"SELECT e.id, e.created_at, e.change_date, COUNT(*) OVER () FROM executions e WHERE e.instance_id = @instance AND {HasTarget}");
        var parameters = new List<(string, object?)> { ("instance", instanceId) };
        foreach (var filter in filters)
        {
            var p = "p" + parameters.Count;
            switch (filter)
            {
                case ExecutionFilter.InConditions conditions:
                    sql.Append(" AND ").Append(TargetQueries.InList("e.id", p, conditions.Conditions.Select(c => c.Id).ToArray(), parameters));
                    break;
                case ExecutionFilter.OfKind { Kind: { } kind }:
                    var (condition, value) = database.TextCondition("e.id", TextMatch.StartsWith, "@" + p, Condition.KindName(kind));
                    sql.Append(" AND ").Append(condition);
                    parameters.Add((p, value));
                    break;
                case ExecutionFilter.WithTarget target:
                    sql.Append($" AND EXISTS (SELECT 1 FROM execution_targets ft WHERE ft.instance_id = e.instance_id AND ft.execution_id = e.id AND ft.target_id = @{p})");
                    parameters.Add((p, target.TargetId));
                    break;
            }
        }
        var column = sort switch
        {
            ExecutionSort.Id => "e.id",
            ExecutionSort.ChangeDate => "e.change_date",
            _ => "e.created_at",
        };
        sql.Append(' ').Append(query.OrderBy(column, "e.id")).Append(" LIMIT @limit OFFSET @offset");
        parameters.Add(("limit", (long)query.Limit));
        parameters.Add(("offset", query.Offset));

        await using var connection = await database.OpenAsync(ct);
        var rows = new List<(string Id, DateTimeOffset Created, DateTimeOffset Changed)>();
        long total = 0;
        await using (var command = connection.Command(null, sql.ToString(), [.. parameters]))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), reader.GetTime(1), reader.GetTime(2)));
                total = reader.GetInt64(3);
            }
        }
        var targets = await TargetsOfAsync(connection, instanceId, rows.Select(r => r.Id).ToArray(), ct);
        var items = rows.Select(r => new ExecutionView(Condition.FromId(r.Id), r.Created, r.Changed, targets.GetValueOrDefault(r.Id) ?? [])).ToArray();
        return new Page<ExecutionView>(items, total, query.Limit);
    }

    private static async Task<Dictionary<string, List<string>>> TargetsOfAsync(System.Data.Common.DbConnection connection, string instanceId, string[] executionIds, CancellationToken ct)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (executionIds.Length == 0)
        {
            return result;
        }
        var parameters = new List<(string, object?)> { ("instance", instanceId) };
        var inList = TargetQueries.InList("execution_id", "x", executionIds, parameters);
        await using var command = connection.Command(null,
            $"SELECT execution_id, target_id FROM execution_targets WHERE instance_id = @instance AND target_id IS NOT NULL AND {inList} ORDER BY execution_id, position",
            [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetString(0);
            if (!result.TryGetValue(id, out var list))
            {
                result[id] = list = [];
            }
            list.Add(reader.GetString(1));
        }
        return result;
    }
}
