using Google.Protobuf.Reflection;
using Hookgate.Protocol.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hookgate.Protocol.Server;

/// <summary>Everything about one method that is computed once at startup.</summary>
internal sealed class RpcMethod
{
    public RpcMethod(ServiceRegistration service, MethodDescriptor descriptor, UnaryHandler? handler)
    {
        Service = service;
        Descriptor = descriptor;
        Handler = handler;
        FullMethod = "/" + descriptor.Service.FullName + "/" + descriptor.Name;
        InputPlan = MessagePlan.For(descriptor.InputType);
        RestSuccessStatus = service.Options.RestSuccessStatus(descriptor);
    }

    /// <summary>The HTTP status of a successful REST answer.</summary>
    public int RestSuccessStatus { get; }

    public ServiceRegistration Service { get; }

    public MethodDescriptor Descriptor { get; }

    /// <summary>Null when the method is declared but not served (or streaming).</summary>
    public UnaryHandler? Handler { get; }

    public string FullMethod { get; }

    public MessagePlan InputPlan { get; }
}

/// <summary>One MapUnaryService call: its methods, options, logger and endpoint conventions.</summary>
internal sealed class ServiceRegistration : IEndpointConventionBuilder
{
    private readonly List<Action<EndpointBuilder>> _conventions = [];
    private readonly List<Action<EndpointBuilder>> _finallyConventions = [];

    public ServiceRegistration(ServiceDescriptor descriptor, RpcServerOptions options, ILogger logger)
    {
        Descriptor = descriptor;
        Options = options;
        Logger = logger;
    }

    public ServiceDescriptor Descriptor { get; }

    public RpcServerOptions Options { get; }

    public ILogger Logger { get; }

    public List<RpcMethod> Methods { get; } = [];

    public void Add(Action<EndpointBuilder> convention) => _conventions.Add(convention);

    public void Finally(Action<EndpointBuilder> finallyConvention) => _finallyConventions.Add(finallyConvention);

    public void ApplyConventions(EndpointBuilder builder)
    {
        foreach (var convention in _conventions)
        {
            convention(builder);
        }
    }

    public void ApplyFinallyConventions(EndpointBuilder builder)
    {
        foreach (var convention in _finallyConventions)
        {
            convention(builder);
        }
    }

    /// <summary>Builds the app-shaped exception for a protocol-level failure and logs it at Debug.</summary>
    public ProtocolFailure Fail(HttpContext http, WireProtocol protocol, StatusCode code, string errorId, string text, int? httpStatus = null)
    {
        RpcLog.ProtocolError(Logger, protocol, http.Request.Path.Value ?? "", errorId, code, text);
        return new ProtocolFailure(Options.ProtocolError(code, errorId, text), code, httpStatus);
    }
}
