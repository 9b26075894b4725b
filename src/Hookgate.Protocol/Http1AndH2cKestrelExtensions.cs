using System.Net;
using Hookgate.Protocol.Listener;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hookgate.Protocol;

/// <summary>
/// Kestrel turns a cleartext Http1AndHttp2 endpoint into HTTP/1.1 only, so gRPC clients (h2c prior knowledge) fail
/// there. These extensions serve both on one port by sniffing the HTTP/2 preface of each connection.
/// </summary>
public static class Http1AndH2cKestrelExtensions
{
    /// <summary>Registers the connection listener factory that <see cref="ListenHttp1AndH2c"/> endpoints need.</summary>
    public static IServiceCollection AddHttp1AndH2cListener(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConnectionListenerFactory, Http1AndH2cListenerFactory>());
        return services;
    }

    /// <summary>
    /// Listens on <paramref name="endPoint"/> for HTTP/1.1 and cleartext HTTP/2 (prior knowledge). Requires
    /// <see cref="AddHttp1AndH2cListener"/>. <paramref name="configure"/> runs for both logical endpoints; their
    /// Protocols are then forced to Http1 and Http2. Port 0 is fine: read the real one from the returned object.
    /// </summary>
    public static Http1AndH2cEndpoint ListenHttp1AndH2c(this KestrelServerOptions options, IPEndPoint endPoint, Action<ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endPoint);
        var shared = new Http1AndH2cEndpoint(endPoint);
        options.Listen(shared.Http1, listen =>
        {
            configure?.Invoke(listen);
            listen.Protocols = HttpProtocols.Http1;
        });
        options.Listen(shared.Http2, listen =>
        {
            configure?.Invoke(listen);
            listen.Protocols = HttpProtocols.Http2;
        });
        return shared;
    }
}
