using Google.Protobuf;

namespace Hookgate.Protocol;

/// <summary>
/// An RPC failure with a status code and optional detail messages (e.g. zitadel.v1.ErrorDetail).
/// Every wire protocol renders it in its own error format.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(StatusCode code, string message, IReadOnlyList<IMessage>? details = null)
        : base(message)
    {
        Code = code;
        Details = details ?? [];
    }

    public StatusCode Code { get; }

    /// <summary>Unpacked detail messages; packed as google.protobuf.Any on the wire.</summary>
    public IReadOnlyList<IMessage> Details { get; }
}
