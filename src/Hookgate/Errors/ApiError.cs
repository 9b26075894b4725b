namespace Hookgate.Errors;

/// <summary>The kinds of ZITADEL's zerrors package; each maps to one gRPC code and one HTTP status.</summary>
public enum ErrorKind
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    FailedPrecondition,
    Unauthenticated,
    Internal,
    Unknown,
    ResourceExhausted,
    DeadlineExceeded,
    Unavailable,
    Unimplemented,
    Aborted,
}

/// <summary>
/// A failure the client is meant to see, ZITADEL style: a kind, a stable ID and an i18n key whose English text
/// is the message. Thrown by the core, turned into the caller's protocol in one place (Api/ApiErrors).
/// </summary>
public sealed class ApiError(ErrorKind kind, string id, string key, Exception? inner = null) : Exception(ErrorTexts.Translate(key), inner)
{
    public ErrorKind Kind { get; } = kind;
    public string Id { get; } = id;
    public string Key { get; } = key;

    public static ApiError InvalidArgument(string id, string key) => new(ErrorKind.InvalidArgument, id, key);
    public static ApiError NotFound(string id, string key) => new(ErrorKind.NotFound, id, key);
    public static ApiError AlreadyExists(string id, string key) => new(ErrorKind.AlreadyExists, id, key);
    public static ApiError PermissionDenied(string id, string key) => new(ErrorKind.PermissionDenied, id, key);
    public static ApiError FailedPrecondition(string id, string key) => new(ErrorKind.FailedPrecondition, id, key);
    public static ApiError Unauthenticated(string id, string key) => new(ErrorKind.Unauthenticated, id, key);
    public static ApiError Internal(string id, string key) => new(ErrorKind.Internal, id, key);
}
