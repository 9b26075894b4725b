using Microsoft.Extensions.Logging;

namespace Hookgate.Protocol.Server;

internal static partial class RpcLog
{
    [LoggerMessage(EventId = 1, EventName = "HandlerFailed", Level = LogLevel.Error,
        Message = "Handler for {FullMethod} threw an unexpected exception; answering Internal")]
    public static partial void HandlerFailed(ILogger logger, string fullMethod, Exception exception);

    [LoggerMessage(EventId = 2, EventName = "ProtocolError", Level = LogLevel.Debug,
        Message = "{Protocol} request to {Path} rejected by the protocol layer: {ErrorId} {StatusCode} {Text}")]
    public static partial void ProtocolError(ILogger logger, WireProtocol protocol, string path, string errorId, StatusCode statusCode, string text);

    [LoggerMessage(EventId = 3, EventName = "ErrorDetailNotWritten", Level = LogLevel.Warning,
        Message = "Error detail of type {DetailType} could not be written as JSON")]
    public static partial void ErrorDetailNotWritten(ILogger logger, string detailType, Exception exception);
}
