namespace Hookgate.Protocol;

/// <summary>Options for <see cref="UnaryServiceEndpointRouteBuilderExtensions.MapUnaryService"/>.</summary>
public sealed class RpcServerOptions
{
    /// <summary>Largest accepted request body (after base64/gzip decoding too). Default 4 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Builds the exception for every failure the protocol layer itself detects (malformed body, unknown route,
    /// wrong verb, oversized body, unsupported content type, handler crash...). Arguments: code, stable id from
    /// <see cref="ProtocolErrorIds"/>, human-readable text. Lets the app shape them as ZITADEL errors.
    /// </summary>
    public Func<StatusCode, string, string, RpcException> ProtocolError { get; set; } = static (code, _, text) => new RpcException(code, text);

    /// <summary>
    /// The HTTP status of a successful REST answer, per method (asked once at startup). Default 200; an API may
    /// declare another (ZITADEL's older generations answer some creates with 201).
    /// </summary>
    public Func<Google.Protobuf.Reflection.MethodDescriptor, int> RestSuccessStatus { get; set; } = static _ => 200;
}
