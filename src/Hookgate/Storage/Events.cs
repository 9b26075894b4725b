namespace Hookgate.Storage;

/// <summary>Where an event belongs: ZITADEL's aggregate type and ID, the owner and the aggregate version.</summary>
public readonly record struct Aggregate(string Type, string Id, string ResourceOwner, string Version = "v1");

/// <summary>An event a command wants to append; the payload is a registered type (see <see cref="EventRegistry"/>) or null.</summary>
public sealed record NewEvent(Aggregate Aggregate, string Type, object? Payload = null);

/// <summary>An event as stored: the log is append-only and this is all of it.</summary>
public sealed record StoredEvent(
    string InstanceId,
    Aggregate Aggregate,
    long Sequence,
    long Position,
    string Type,
    object? Payload,
    string Creator,
    DateTimeOffset CreatedAt);

public enum UniqueConstraintAction
{
    Add,
    Remove,
}

/// <summary>
/// A name that must stay unique in an instance (ZITADEL's unique constraints). Adding one that exists fails the
/// whole push with <see cref="Conflict"/>.
/// </summary>
public sealed record UniqueConstraint(UniqueConstraintAction Action, string Type, string Field, Errors.ApiError? Conflict = null)
{
    public static UniqueConstraint Add(string type, string field, Errors.ApiError conflict) => new(UniqueConstraintAction.Add, type, field, conflict);
    public static UniqueConstraint Remove(string type, string field) => new(UniqueConstraintAction.Remove, type, field);
}

/// <summary>Another writer appended to an aggregate this push had read; the command is decided again.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null) : Exception(message, inner);
