using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Hookgate.Protocol.Listener;

/// <summary>
/// Owns the one real socket listener of an <see cref="Http1AndH2cEndpoint"/>: accepts connections, sniffs each for
/// the HTTP/2 preface and queues it for the HTTP/1.1 or the HTTP/2 logical listener. The socket is bound by the
/// first logical bind and released when both logical listeners are disposed.
/// </summary>
internal sealed class PrefaceDemultiplexer
{
    private readonly Http1AndH2cEndpoint _shared;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnectionListener? _socket;
    private CancellationTokenSource? _stopping;
    private Task? _acceptLoop;
    private Channel<ConnectionContext>? _http1;
    private Channel<ConnectionContext>? _http2;
    private int _logicalListeners;

    public PrefaceDemultiplexer(Http1AndH2cEndpoint shared, ILogger logger)
    {
        _shared = shared;
        _logger = logger;
    }

    /// <summary>Binds the socket if needed and returns the queue of the given logical listener.</summary>
    public async ValueTask<ChannelReader<ConnectionContext>> AttachAsync(IConnectionListenerFactory sockets, bool http2, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_socket is null)
            {
                _http1 = Channel.CreateUnbounded<ConnectionContext>(new UnboundedChannelOptions { SingleReader = true });
                _http2 = Channel.CreateUnbounded<ConnectionContext>(new UnboundedChannelOptions { SingleReader = true });
                _socket = await sockets.BindAsync(_shared.RequestedEndPoint, cancellationToken).ConfigureAwait(false);
                _stopping = new CancellationTokenSource();
                _shared.SetBound((IPEndPoint)_socket.EndPoint);
                ListenerLog.Bound(_logger, _socket.EndPoint.ToString() ?? "");
                _acceptLoop = AcceptLoopAsync(_socket, _http1, _http2, _stopping.Token);
            }

            _logicalListeners++;
            return http2 ? _http2!.Reader : _http1!.Reader;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Called when a logical listener is disposed; the last one closes the socket and drops queued connections.</summary>
    public async ValueTask DetachAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (--_logicalListeners > 0 || _socket is null)
            {
                return;
            }

            await _stopping!.CancelAsync().ConfigureAwait(false);
            await _socket.UnbindAsync().ConfigureAwait(false);
            await _acceptLoop!.ConfigureAwait(false);
            await _socket.DisposeAsync().ConfigureAwait(false);
            foreach (var channel in new[] { _http1!, _http2! })
            {
                channel.Writer.TryComplete();
                while (channel.Reader.TryRead(out var connection))
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }

            // _stopping is not disposed: late sniffers may still link to its (cancelled) token.
            _socket = null;
            _acceptLoop = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task AcceptLoopAsync(IConnectionListener socket, Channel<ConnectionContext> http1, Channel<ConnectionContext> http2, CancellationToken stopping)
    {
        try
        {
            while (await socket.AcceptAsync(stopping).ConfigureAwait(false) is { } connection)
            {
                _ = RouteAsync(connection, http1, http2, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            ListenerLog.AcceptFailed(_logger, socket.EndPoint.ToString() ?? "", e);
        }
    }

    private async Task RouteAsync(ConnectionContext connection, Channel<ConnectionContext> http1, Channel<ConnectionContext> http2, CancellationToken stopping)
    {
        PrefaceDecision decision;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            timeout.CancelAfter(_shared.PrefaceTimeout);
            try
            {
                decision = await PrefaceSniffer.SniffAsync(connection.Transport.Input, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                // A silent client (e.g. a browser's speculative connection): Kestrel's HTTP/1.1 timeouts take over.
                ListenerLog.PrefaceTimeout(_logger, connection.ConnectionId, _shared.PrefaceTimeout);
                decision = PrefaceDecision.Http1;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ListenerLog.SniffFailed(_logger, connection.ConnectionId, e);
                decision = PrefaceDecision.Closed;
            }
            catch (OperationCanceledException)
            {
                decision = PrefaceDecision.Closed;
            }
        }

        var target = decision switch
        {
            PrefaceDecision.Http2 => http2,
            PrefaceDecision.Http1 => http1,
            _ => null,
        };
        if (target is null || !target.Writer.TryWrite(connection))
        {
            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                ListenerLog.SniffFailed(_logger, connection.ConnectionId, e);
            }
        }
    }
}
