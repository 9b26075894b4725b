using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hookgate.Protocol.Listener;

/// <summary>
/// Kestrel transport for <see cref="LogicalEndPoint"/>s: wraps the socket transport, binding the real socket once per
/// <see cref="Http1AndH2cEndpoint"/> and serving both logical endpoints from it.
/// </summary>
internal sealed class Http1AndH2cListenerFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly SocketTransportFactory _sockets;
    private readonly ILogger _logger;

    public Http1AndH2cListenerFactory(IOptions<SocketTransportOptions> options, ILoggerFactory loggerFactory)
    {
        _sockets = new SocketTransportFactory(options, loggerFactory);
        _logger = loggerFactory.CreateLogger("Hookgate.Protocol.Listener");
    }

    public bool CanBind(EndPoint endpoint) => endpoint is LogicalEndPoint;

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not LogicalEndPoint logical)
        {
            throw new NotSupportedException("Only endpoints created by ListenHttp1AndH2c are supported.");
        }

        var demultiplexer = logical.Shared.Demultiplexer(_logger);
        var connections = await demultiplexer.AttachAsync(_sockets, logical.Protocols == HttpProtocols.Http2, cancellationToken).ConfigureAwait(false);
        return new LogicalListener(logical, demultiplexer, connections);
    }
}
