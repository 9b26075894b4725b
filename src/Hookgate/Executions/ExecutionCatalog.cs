using System.Collections.Frozen;

namespace Hookgate.Executions;

/// <summary>
/// What conditions may name: the functions, the methods and services this server serves, and the event types
/// it writes. Built once at startup from the served API descriptors and the event schema.
/// </summary>
public sealed class ExecutionCatalog
{
    /// <summary>ZITADEL's functions, in its order (internal/domain/action.go).</summary>
    public static readonly IReadOnlyList<string> AllFunctions = ["preuserinfo", "preaccesstoken", "presamlresponse"];

    private readonly FrozenSet<string> _functions = AllFunctions.ToFrozenSet(StringComparer.Ordinal);
    private readonly FrozenSet<string> _methods;
    private readonly FrozenSet<string> _services;
    private readonly FrozenSet<string> _eventTypes;

    /// <param name="methods">Full method names, "/pkg.Service/Method".</param>
    public ExecutionCatalog(IEnumerable<string> methods, IEnumerable<string> eventTypes)
    {
        Methods = methods.Distinct().Order(StringComparer.Ordinal).ToArray();
        Services = Methods.Select(m => m[1..m.LastIndexOf('/')]).Distinct().Order(StringComparer.Ordinal).ToArray();
        _methods = Methods.ToFrozenSet(StringComparer.Ordinal);
        _services = Services.ToFrozenSet(StringComparer.Ordinal);
        _eventTypes = eventTypes.ToFrozenSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Methods { get; }
    public IReadOnlyList<string> Services { get; }

    public bool HasFunction(string name) => _functions.Contains(name);

    /// <summary>Exact: a method without its leading slash is not found, as in ZITADEL.</summary>
    public bool HasMethod(string fullMethod) => _methods.Contains(fullMethod);

    public bool HasService(string service) => _services.Contains(service);

    public bool HasEventType(string eventType) => _eventTypes.Contains(eventType);

    /// <summary>A group exists if some event type starts with it (a plain string prefix, as ZITADEL checks).</summary>
    public bool HasEventGroup(string group) => _eventTypes.Any(t => t.StartsWith(group, StringComparison.Ordinal));
}
