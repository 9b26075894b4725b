namespace Hookgate.Protocol;

/// <summary>Thrown by <see cref="ProtoJson"/> when JSON does not parse or does not fit the message type.</summary>
public sealed class ProtoJsonException : FormatException
{
    public ProtoJsonException(string message)
        : base(message)
    {
    }

    public ProtoJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
