using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Hookgate.Protocol.Server;

/// <summary>Runs a handler with the call's deadline and turns every outcome into a response or an RpcException.</summary>
internal static class Invoker
{
    public static async ValueTask<IMessage> InvokeAsync(RpcMethod method, IMessage request, HttpContext http, WireProtocol protocol, TimeSpan? timeout)
    {
        var aborted = http.RequestAborted;
        CancellationTokenSource? deadline = null;
        var token = aborted;
        if (timeout is { } limit)
        {
            deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            deadline.CancelAfter(limit);
            token = deadline.Token;
        }

        try
        {
            var context = new RpcContext(http, method.Descriptor, method.FullMethod, protocol, token);
            var pending = method.Handler!(request, context);
            if (deadline is null || pending.IsCompleted)
            {
                return await pending.ConfigureAwait(false);
            }

            // The deadline answers the caller even when the handler ignores its token.
            return await pending.AsTask().WaitAsync(token).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            throw new RpcException(StatusCode.Cancelled, "request cancelled by the client");
        }
        catch (OperationCanceledException) when (deadline?.IsCancellationRequested == true)
        {
            throw method.Service.Fail(http, protocol, StatusCode.DeadlineExceeded, ProtocolErrorIds.DeadlineExceeded, "deadline exceeded");
        }
        catch (Exception e)
        {
            RpcLog.HandlerFailed(method.Service.Logger, method.FullMethod, e);
            throw method.Service.Fail(http, protocol, StatusCode.Internal, ProtocolErrorIds.HandlerFailed, "Internal error");
        }
        finally
        {
            deadline?.Dispose();
        }
    }
}
