namespace Hookgate.Executions;

/// <summary>What an execution reacts to. The numbers are the v2 API's ExecutionType.</summary>
public enum ExecutionKind
{
    Request = 1,
    Response = 2,
    Event = 3,
    Function = 4,
}

public enum ConditionScope
{
    /// <summary>Request/response on one method ("/pkg.Service/Method").</summary>
    Method,
    /// <summary>Request/response on every method of a service.</summary>
    Service,
    /// <summary>Every request, response or event.</summary>
    All,
    /// <summary>A function by name.</summary>
    Function,
    /// <summary>One event type.</summary>
    Event,
    /// <summary>Every event type that starts with the group.</summary>
    Group,
}

/// <summary>
/// An execution's condition. Its <see cref="Id"/> is ZITADEL's execution ID (aggregate ID and read-model key):
/// "request/pkg.Service/Method", "request/pkg.Service", "request", "function/name", "event/type",
/// "event/group.*", "event". IDs are slash-separated and sort ordinally.
/// </summary>
public sealed record Condition(ExecutionKind Kind, ConditionScope Scope, string Value = "")
{
    public const string GroupSuffix = ".*";

    public static string KindName(ExecutionKind kind) => kind switch
    {
        ExecutionKind.Request => "request",
        ExecutionKind.Response => "response",
        ExecutionKind.Event => "event",
        _ => "function",
    };

    public string Id => Scope switch
    {
        ConditionScope.All => KindName(Kind),
        ConditionScope.Group => KindName(Kind) + "/" + (Value.EndsWith(GroupSuffix, StringComparison.Ordinal) ? Value : Value + GroupSuffix),
        _ when Value.StartsWith('/') => KindName(Kind) + Value,
        _ => KindName(Kind) + "/" + Value,
    };

    /// <summary>The condition an execution ID stands for; method values always come back with their leading slash.</summary>
    public static Condition FromId(string id)
    {
        var slash = id.IndexOf('/');
        var kindName = slash < 0 ? id : id[..slash];
        var rest = slash < 0 ? "" : id[slash..];
        var kind = kindName switch
        {
            "request" => ExecutionKind.Request,
            "response" => ExecutionKind.Response,
            "event" => ExecutionKind.Event,
            "function" => ExecutionKind.Function,
            _ => throw new FormatException($"'{id}' is not an execution ID"),
        };
        var slashes = rest.Count(c => c == '/');
        return kind switch
        {
            ExecutionKind.Function => new Condition(kind, ConditionScope.Function, rest.TrimStart('/')),
            ExecutionKind.Event when slashes == 0 => new Condition(kind, ConditionScope.All),
            ExecutionKind.Event when rest.EndsWith(GroupSuffix, StringComparison.Ordinal) => new Condition(kind, ConditionScope.Group, rest[1..^GroupSuffix.Length]),
            ExecutionKind.Event => new Condition(kind, ConditionScope.Event, rest[1..]),
            _ when slashes == 0 => new Condition(kind, ConditionScope.All),
            _ when slashes == 1 => new Condition(kind, ConditionScope.Service, rest[1..]),
            _ => new Condition(kind, ConditionScope.Method, rest),
        };
    }
}
