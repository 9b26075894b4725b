using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;

namespace Hookgate.Protocol;

/// <summary>Per-call information handed to a <see cref="UnaryHandler"/>.</summary>
public sealed class RpcContext
{
    internal RpcContext(HttpContext httpContext, MethodDescriptor method, string fullMethod, WireProtocol protocol, CancellationToken cancellationToken)
    {
        HttpContext = httpContext;
        Method = method;
        FullMethod = fullMethod;
        Protocol = protocol;
        CancellationToken = cancellationToken;
    }

    public HttpContext HttpContext { get; }

    public MethodDescriptor Method { get; }

    /// <summary>"/pkg.Service/Method", precomputed once per method.</summary>
    public string FullMethod { get; }

    public WireProtocol Protocol { get; }

    /// <summary>Cancelled when the request is aborted or the gRPC/Connect deadline passes.</summary>
    public CancellationToken CancellationToken { get; }
}
