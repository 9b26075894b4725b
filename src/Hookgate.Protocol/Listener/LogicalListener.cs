using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace Hookgate.Protocol.Listener;

/// <summary>What Kestrel sees for one logical endpoint: connections already sorted by protocol.</summary>
internal sealed class LogicalListener : IConnectionListener
{
    private readonly PrefaceDemultiplexer _demultiplexer;
    private readonly ChannelReader<ConnectionContext> _connections;
    private readonly CancellationTokenSource _unbound = new();
    private int _disposed;

    public LogicalListener(LogicalEndPoint endPoint, PrefaceDemultiplexer demultiplexer, ChannelReader<ConnectionContext> connections)
    {
        EndPoint = endPoint;
        _demultiplexer = demultiplexer;
        _connections = connections;
    }

    public EndPoint EndPoint { get; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbound.Token);
        try
        {
            while (await _connections.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                if (_connections.TryRead(out var connection))
                {
                    return connection;
                }
            }
        }
        catch (OperationCanceledException) when (_unbound.IsCancellationRequested)
        {
        }

        return null;
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _unbound.Cancel();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _unbound.CancelAsync().ConfigureAwait(false);
        await _demultiplexer.DetachAsync().ConfigureAwait(false);
        _unbound.Dispose();
    }
}
