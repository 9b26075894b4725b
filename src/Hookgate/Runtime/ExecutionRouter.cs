using System.Collections.Concurrent;
using System.Collections.Frozen;
using Hookgate.Executions;
using Hookgate.Storage;
using Hookgate.Targets;

namespace Hookgate.Runtime;

/// <summary>The condition IDs a call of one method matches, most specific first: method, service, all.</summary>
public sealed class MethodConditions
{
    public MethodConditions(string fullMethod)
    {
        FullMethod = fullMethod;
        var service = fullMethod[1..fullMethod.LastIndexOf('/')];
        Request = [$"request{fullMethod}", $"request/{service}", "request"];
        Response = [$"response{fullMethod}", $"response/{service}", "response"];
    }

    public string FullMethod { get; }
    public string[] Request { get; }
    public string[] Response { get; }
}

/// <summary>A target as the runtime calls it: its definition and, for JWE payloads, its active public key.</summary>
public sealed record RouteTarget(TargetView Target, EncryptionKey? EncryptionKey);

/// <summary>The execution that matched a call, and its targets in order.</summary>
public sealed record RouteMatch(string ExecutionId, RouteTarget[] Targets);

/// <summary>
/// One instance's executions, includes dissolved, each mapped to the targets it calls in order. Immutable: the
/// router swaps in a new one when anything changes.
/// </summary>
public sealed class ExecutionRoutes
{
    private readonly FrozenDictionary<string, RouteMatch> _targets;

    private readonly FrozenSet<string> _targetIds;

    public ExecutionRoutes(FrozenDictionary<string, RouteMatch> targetsByExecution)
    {
        _targets = targetsByExecution;
        _targetIds = _targets.Values.SelectMany(match => match.Targets).Select(route => route.Target.Id).ToFrozenSet(StringComparer.Ordinal);
        HasCallExecutions = _targets.Keys.Any(id => id.StartsWith("request", StringComparison.Ordinal) || id.StartsWith("response", StringComparison.Ordinal));
    }

    /// <summary>False when no request or response execution exists: the API path then does nothing at all.</summary>
    public bool HasCallExecutions { get; }

    /// <summary>
    /// The targets of the best match: the first condition in <paramref name="candidates"/> (most specific first)
    /// that has an execution. Only that one runs. Matching is by whole segments: a service execution never
    /// catches a method of a service whose name merely starts with it.
    /// </summary>
    public RouteMatch? BestMatch(string[] candidates)
    {
        foreach (var id in candidates)
        {
            if (_targets.TryGetValue(id, out var match))
            {
                return match;
            }
        }
        return null;
    }

    /// <summary>True when a route calls the target: only then does a change of it change the routes.</summary>
    public bool Calls(string targetId) => _targetIds.Contains(targetId);

    /// <summary>
    /// The routes of <paramref name="entries"/> (each execution's targets and includes); <paramref name="targets"/>
    /// holds the targets they name that still exist.
    /// </summary>
    public static ExecutionRoutes Build(IReadOnlyDictionary<string, IReadOnlyList<ExecutionEntry>> entries, IReadOnlyDictionary<string, RouteTarget> targets)
    {
        var routes = new Dictionary<string, RouteMatch>(StringComparer.Ordinal);
        foreach (var executionId in entries.Keys)
        {
            var resolved = IncludeResolver.Resolve(executionId, entries).Select(id => targets.GetValueOrDefault(id)).OfType<RouteTarget>().ToArray();
            if (resolved.Length > 0)
            {
                routes[executionId] = new RouteMatch(executionId, resolved);
            }
        }
        return new ExecutionRoutes(routes.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Every target ID the executions name, includes dissolved.</summary>
    public static IEnumerable<string> NamedTargets(IReadOnlyDictionary<string, IReadOnlyList<ExecutionEntry>> entries) =>
        entries.Keys.SelectMany(executionId => IncludeResolver.Resolve(executionId, entries)).Distinct(StringComparer.Ordinal);
}

/// <summary>
/// Keeps each instance's <see cref="ExecutionRoutes"/> in memory. Built from the projections on first use, and
/// dropped whenever an execution or a target that a route calls changes (this node's commits before the write
/// returns, other nodes' through the database's notifications), so the next call rebuilds it; calls in between see
/// the routes of the last complete build. No database read happens while nothing changes.
/// </summary>
public sealed class ExecutionRouter
{
    private readonly ExecutionQueries _executions;
    private readonly TargetQueries _targets;
    private readonly ConcurrentDictionary<string, Instance> _instances = new(StringComparer.Ordinal);

    /// <summary>The routes as built for a version of the instance's state (null: must be built).</summary>
    private sealed record Snapshot(ExecutionRoutes? Routes, long Version);

    private sealed class Instance
    {
        public Snapshot Current = new(null, 0);
        public readonly SemaphoreSlim Building = new(1, 1);
    }

    public ExecutionRouter(ExecutionQueries executions, TargetQueries targets, ChangeFeed feed)
    {
        _executions = executions;
        _targets = targets;
        feed.Subscribe(OnChange, OnResync);
    }

    public ValueTask<ExecutionRoutes> RoutesAsync(string instanceId, CancellationToken ct)
    {
        var instance = _instances.GetOrAdd(instanceId, static _ => new Instance());
        return Volatile.Read(ref instance.Current).Routes is { } routes ? ValueTask.FromResult(routes) : new ValueTask<ExecutionRoutes>(BuildAsync(instanceId, instance, ct));
    }

    private async Task<ExecutionRoutes> BuildAsync(string instanceId, Instance instance, CancellationToken ct)
    {
        await instance.Building.WaitAsync(ct);
        try
        {
            var before = Volatile.Read(ref instance.Current);
            if (before.Routes is { } built)
            {
                return built;
            }
            // Only the targets the executions name are read: an instance may have thousands of targets and few
            // executions.
            var entries = await _executions.EntriesByExecutionAsync(instanceId, ct);
            var named = await _targets.ManyAsync(instanceId, [.. ExecutionRoutes.NamedTargets(entries)], ct);
            var keys = named.Count > 0 ? await _targets.ActiveKeysAsync(instanceId, ct) : new Dictionary<string, EncryptionKey>();
            var routes = ExecutionRoutes.Build(entries,
                named.ToDictionary(t => t.Id, t => new RouteTarget(t, keys.GetValueOrDefault(t.Id)), StringComparer.Ordinal));
            // Published only if nothing changed while reading; otherwise this call uses it and the next rebuilds.
            Interlocked.CompareExchange(ref instance.Current, new Snapshot(routes, before.Version), before);
            return routes;
        }
        finally
        {
            instance.Building.Release();
        }
    }

    private void OnChange(AggregateChange change)
    {
        if (change.AggregateType is not (TargetEvents.Aggregate or ExecutionEvents.Aggregate))
        {
            return;
        }
        var instance = _instances.GetOrAdd(change.InstanceId, static _ => new Instance());
        // A target no route calls (a new one, say) cannot change the routes; while a build is pending, any
        // change may matter to it.
        if (change.AggregateType == TargetEvents.Aggregate && Volatile.Read(ref instance.Current).Routes is { } routes && !routes.Calls(change.AggregateId))
        {
            return;
        }
        Invalidate(instance);
    }

    private void OnResync()
    {
        foreach (var instance in _instances.Values)
        {
            Invalidate(instance);
        }
    }

    private static void Invalidate(Instance instance)
    {
        Snapshot current, next;
        do
        {
            current = Volatile.Read(ref instance.Current);
            next = new Snapshot(null, current.Version + 1);
        }
        while (Interlocked.CompareExchange(ref instance.Current, next, current) != current);
    }
}
