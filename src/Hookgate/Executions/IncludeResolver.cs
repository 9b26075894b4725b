namespace Hookgate.Executions;

/// <summary>
/// Dissolves includes: the targets an execution runs are its entries in order, each include replaced in place by
/// the targets of the execution it names, recursively. Resolution reads the current entries of every execution,
/// so a change to an included execution reaches every execution that includes it. The runtime's router resolves
/// each execution through here when it is built.
/// </summary>
public static class IncludeResolver
{
    public static IReadOnlyList<string> Resolve(string executionId, IReadOnlyDictionary<string, IReadOnlyList<ExecutionEntry>> entriesById)
    {
        var targets = new List<string>();
        var path = new List<string>();
        void Walk(string id, int level)
        {
            // Writes refuse cycles and deeper nesting; the guards keep a damaged history from looping.
            if (path.Contains(id) || level > ExecutionCommands.MaxIncludeLevels || !entriesById.TryGetValue(id, out var entries))
            {
                return;
            }
            path.Add(id);
            foreach (var entry in entries)
            {
                if (entry.TargetId is { } target)
                {
                    targets.Add(target);
                }
                else if (entry.Include is { } include)
                {
                    Walk(include.Id, level + 1);
                }
            }
            path.RemoveAt(path.Count - 1);
        }
        Walk(executionId, 0);
        return targets;
    }
}
