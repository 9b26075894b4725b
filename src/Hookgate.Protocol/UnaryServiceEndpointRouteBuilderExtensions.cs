using Google.Protobuf.Reflection;
using Hookgate.Protocol.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Hookgate.Protocol;

public static class UnaryServiceEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the unary methods of <paramref name="service"/> over gRPC, gRPC-Web, Connect and REST (from each method's
    /// google.api.http option) on the same routes. <paramref name="handlerFor"/> is called once per method now;
    /// null means "not served" (UNIMPLEMENTED). Streaming methods are never served. Conventions added to the returned
    /// builder apply to this service's endpoints and to the REST catch-all routes its bindings live under.
    /// </summary>
    public static IEndpointConventionBuilder MapUnaryService(
        this IEndpointRouteBuilder app,
        ServiceDescriptor service,
        Func<MethodDescriptor, UnaryHandler?> handlerFor,
        RpcServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(handlerFor);
        options ??= new RpcServerOptions();
        if (options.MaxRequestBodyBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxRequestBodyBytes must be positive.");
        }

        ArgumentNullException.ThrowIfNull(options.ProtocolError);
        var logger = app.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("Hookgate.Protocol.UnaryServer") ?? NullLogger.Instance;
        var registration = new ServiceRegistration(service, options, logger);
        foreach (var method in service.Methods)
        {
            var streaming = method.IsClientStreaming || method.IsServerStreaming;
            registration.Methods.Add(new RpcMethod(registration, method, streaming ? null : handlerFor(method)));
        }

        ProtoJson.RegisterTypes(service.File);
        DataSource(app).Add(registration);
        return registration;
    }

    private static RpcEndpointDataSource DataSource(IEndpointRouteBuilder app)
    {
        foreach (var source in app.DataSources)
        {
            if (source is RpcEndpointDataSource existing)
            {
                return existing;
            }
        }

        var created = new RpcEndpointDataSource();
        app.DataSources.Add(created);
        return created;
    }
}
