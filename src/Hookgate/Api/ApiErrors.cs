using Google.Protobuf;
using Hookgate.Errors;
using Hookgate.Protocol;
using Zitadel.V1;

namespace Hookgate.Api;

/// <summary>The one place where errors become the wire's status: ZITADEL's "text (ID)" message plus an ErrorDetail.</summary>
public static class ApiErrors
{
    public static RpcException ToRpc(ApiError error) => Create(Code(error.Kind), error.Id, error.Message);

    /// <summary>Errors the protocol layer detects itself (malformed bodies, unknown routes) get the same shape.</summary>
    public static RpcException Create(StatusCode code, string id, string text) =>
        new(code, $"{text} ({id})", [new ErrorDetail { Id = id, Message = text }]);

    public static StatusCode Code(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        ErrorKind.Internal => StatusCode.Internal,
        ErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ErrorKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
        ErrorKind.Unavailable => StatusCode.Unavailable,
        ErrorKind.Unimplemented => StatusCode.Unimplemented,
        ErrorKind.Aborted => StatusCode.Aborted,
        _ => StatusCode.Unknown,
    };
}
