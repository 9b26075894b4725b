using Microsoft.Extensions.Logging;

namespace Hookgate.Protocol.Listener;

internal static partial class ListenerLog
{
    [LoggerMessage(EventId = 100, EventName = "ListenerBound", Level = LogLevel.Debug,
        Message = "HTTP/1.1 + h2c listener bound to {EndPoint}")]
    public static partial void Bound(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 101, EventName = "PrefaceTimeout", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId} sent no protocol preface within {Timeout}; handing it to HTTP/1.1")]
    public static partial void PrefaceTimeout(ILogger logger, string connectionId, TimeSpan timeout);

    [LoggerMessage(EventId = 102, EventName = "SniffFailed", Level = LogLevel.Debug,
        Message = "Connection {ConnectionId} failed before its protocol was known")]
    public static partial void SniffFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 103, EventName = "AcceptFailed", Level = LogLevel.Error,
        Message = "Accept loop of the HTTP/1.1 + h2c listener on {EndPoint} failed")]
    public static partial void AcceptFailed(ILogger logger, string endPoint, Exception exception);
}
