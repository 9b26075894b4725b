namespace Hookgate.Protocol.Server;

/// <summary>
/// A failure the protocol layer detected itself: the app-shaped <see cref="RpcException"/> plus the HTTP status
/// the route layer wants (405, 415, 426) when the app kept the original status code.
/// </summary>
internal sealed class ProtocolFailure : Exception
{
    public ProtocolFailure(RpcException error, StatusCode originalCode, int? httpStatus)
        : base(error.Message, error)
    {
        Error = error;
        HttpStatus = error.Code == originalCode ? httpStatus : null;
    }

    public RpcException Error { get; }

    public int? HttpStatus { get; }
}
