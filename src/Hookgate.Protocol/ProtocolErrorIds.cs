namespace Hookgate.Protocol;

/// <summary>Stable ids passed to <see cref="RpcServerOptions.ProtocolError"/>.</summary>
public static class ProtocolErrorIds
{
    /// <summary>No REST binding matches the path (NotFound, HTTP 404).</summary>
    public const string RouteNotFound = "PROTO-NF01";

    /// <summary>The path is known but not for this HTTP verb (Unimplemented, HTTP 405).</summary>
    public const string MethodNotAllowed = "PROTO-MV01";

    /// <summary>Unknown gRPC/Connect service or method (Unimplemented).</summary>
    public const string UnknownMethod = "PROTO-UM01";

    /// <summary>The method exists in the descriptor but has no handler (Unimplemented).</summary>
    public const string MethodNotServed = "PROTO-UM02";

    /// <summary>Unsupported request content type (InvalidArgument, HTTP 415).</summary>
    public const string UnsupportedContentType = "PROTO-CT01";

    /// <summary>Request body larger than MaxRequestBodyBytes (InvalidArgument).</summary>
    public const string BodyTooLarge = "PROTO-SZ01";

    /// <summary>Malformed JSON or JSON that does not fit the message (InvalidArgument).</summary>
    public const string InvalidJson = "PROTO-JS01";

    /// <summary>Malformed protobuf binary (InvalidArgument).</summary>
    public const string InvalidProtobuf = "PROTO-PB01";

    /// <summary>Malformed gRPC length-prefixed framing (InvalidArgument).</summary>
    public const string InvalidFrame = "PROTO-FR01";

    /// <summary>Unsupported grpc-encoding / content-encoding (Unimplemented).</summary>
    public const string UnsupportedEncoding = "PROTO-EN01";

    /// <summary>Corrupt gzip payload (InvalidArgument).</summary>
    public const string InvalidCompression = "PROTO-GZ01";

    /// <summary>Invalid base64 in a grpc-web-text body (InvalidArgument).</summary>
    public const string InvalidBase64 = "PROTO-B601";

    /// <summary>Invalid REST query parameter (InvalidArgument).</summary>
    public const string InvalidQuery = "PROTO-QP01";

    /// <summary>Invalid REST path parameter (InvalidArgument).</summary>
    public const string InvalidPath = "PROTO-PP01";

    /// <summary>Malformed grpc-timeout / connect-timeout-ms / connect-protocol-version header (InvalidArgument).</summary>
    public const string InvalidHeader = "PROTO-HD01";

    /// <summary>The gRPC/Connect deadline passed before the handler finished (DeadlineExceeded).</summary>
    public const string DeadlineExceeded = "PROTO-DL01";

    /// <summary>gRPC sent over HTTP/1.x (Internal, HTTP 426).</summary>
    public const string Http2Required = "PROTO-H201";

    /// <summary>The handler threw something other than RpcException (Internal "Internal error").</summary>
    public const string HandlerFailed = "PROTO-IN01";
}
