using System.Text.Json.Serialization;
using Hookgate.Crypto;
using Hookgate.Storage;

namespace Hookgate.Targets;

/// <summary>ZITADEL's internal target types (internal/execution/target); stored as these numbers in events.</summary>
public enum TargetType
{
    Webhook = 0,
    Call = 1,
    Async = 2,
}

public enum PayloadType
{
    Unspecified = 0,
    Json = 1,
    Jwt = 2,
    Jwe = 3,
}

/// <summary>target.added; <see cref="Timeout"/> is in nanoseconds as ZITADEL stores a Go time.Duration.</summary>
public sealed record TargetAdded(
    string Name,
    TargetType TargetType,
    string Endpoint,
    long Timeout,
    bool InterruptOnError,
    CryptoValue SigningKey,
    PayloadType PayloadType);

/// <summary>target.changed: only what changed is present.</summary>
public sealed record TargetChanged(
    string? Name = null,
    TargetType? TargetType = null,
    string? Endpoint = null,
    long? Timeout = null,
    bool? InterruptOnError = null,
    CryptoValue? SigningKey = null,
    PayloadType? PayloadType = null);

public sealed record TargetKeyAdded(string KeyId, byte[] PublicKey, string Fingerprint, DateTimeOffset? ExpirationDate);

/// <summary>The payload of target.key.activated, .deactivated and .removed.</summary>
public sealed record TargetKeyChanged(string KeyId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TargetAdded))]
[JsonSerializable(typeof(TargetChanged))]
[JsonSerializable(typeof(TargetKeyAdded))]
[JsonSerializable(typeof(TargetKeyChanged))]
[JsonSerializable(typeof(CryptoValue))]
internal sealed partial class TargetJson : JsonSerializerContext;

public static class TargetEvents
{
    public const string Aggregate = "target";
    public const string Added = "target.added";
    public const string Changed = "target.changed";
    public const string Removed = "target.removed";
    public const string KeyAdded = "target.key.added";
    public const string KeyActivated = "target.key.activated";
    public const string KeyDeactivated = "target.key.deactivated";
    public const string KeyRemoved = "target.key.removed";

    /// <summary>Target names are unique per instance (ZITADEL's unique constraint "target").</summary>
    public const string NameConstraint = "target";

    public static void Register(EventSchema schema)
    {
        schema.Event(Added, TargetJson.Default.TargetAdded)
            .Event(Changed, TargetJson.Default.TargetChanged)
            .Event(Removed)
            .Event(KeyAdded, TargetJson.Default.TargetKeyAdded)
            .Event(KeyActivated, TargetJson.Default.TargetKeyChanged)
            .Event(KeyDeactivated, TargetJson.Default.TargetKeyChanged)
            .Event(KeyRemoved, TargetJson.Default.TargetKeyChanged);
        TargetProjection.Register(schema);
    }
}
