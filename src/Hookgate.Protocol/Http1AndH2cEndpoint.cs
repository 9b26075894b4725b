using System.Net;
using Hookgate.Protocol.Listener;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Hookgate.Protocol;

/// <summary>
/// One cleartext TCP port that serves HTTP/1.1 and HTTP/2 with prior knowledge (h2c), created by
/// <see cref="Http1AndH2cKestrelExtensions.ListenHttp1AndH2c"/>. Tells the real port once Kestrel has bound it.
/// </summary>
public sealed class Http1AndH2cEndpoint
{
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private PrefaceDemultiplexer? _demultiplexer;
    private IPEndPoint? _boundEndPoint;

    internal Http1AndH2cEndpoint(IPEndPoint requestedEndPoint)
    {
        RequestedEndPoint = requestedEndPoint;
        Http1 = new LogicalEndPoint(this, HttpProtocols.Http1);
        Http2 = new LogicalEndPoint(this, HttpProtocols.Http2);
    }

    public IPEndPoint RequestedEndPoint { get; }

    /// <summary>The bound address (real port when port 0 was requested); null until Kestrel has started.</summary>
    public IPEndPoint? BoundEndPoint => Volatile.Read(ref _boundEndPoint);

    /// <summary>Completes with the bound address when Kestrel binds the socket.</summary>
    public Task<IPEndPoint> WhenBound => _bound.Task;

    /// <summary>How long a new connection may stay silent before it is handed to HTTP/1.1 anyway.</summary>
    public TimeSpan PrefaceTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal LogicalEndPoint Http1 { get; }

    internal LogicalEndPoint Http2 { get; }

    internal PrefaceDemultiplexer Demultiplexer(ILogger logger)
    {
        lock (_gate)
        {
            return _demultiplexer ??= new PrefaceDemultiplexer(this, logger);
        }
    }

    internal void SetBound(IPEndPoint endPoint)
    {
        Volatile.Write(ref _boundEndPoint, endPoint);
        _bound.TrySetResult(endPoint);
    }
}
