using System.Text.Json.Serialization;
using Hookgate.Storage;

namespace Hookgate.Executions;

/// <summary>One entry of execution.v2.set: type 2 is a target ID, type 1 an included execution's ID.</summary>
public sealed record ExecutionTargetEntry(int Type, string Target)
{
    public const int IncludeType = 1;
    public const int TargetType = 2;

    public static ExecutionTargetEntry ForTarget(string id) => new(TargetType, id);
    public static ExecutionTargetEntry ForInclude(string executionId) => new(IncludeType, executionId);
}

public sealed record ExecutionSet(IReadOnlyList<ExecutionTargetEntry> Targets);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ExecutionSet))]
internal sealed partial class ExecutionJson : JsonSerializerContext;

public static class ExecutionEvents
{
    public const string Aggregate = "execution";
    public const string Set = "execution.v2.set";
    public const string Removed = "execution.removed";

    public static void Register(EventSchema schema)
    {
        schema.Event(Set, ExecutionJson.Default.ExecutionSet).Event(Removed);
        ExecutionProjection.Register(schema);
    }
}
