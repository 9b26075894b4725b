namespace Hookgate.Protocol;

/// <summary>The wire protocol a call arrived on.</summary>
public enum WireProtocol
{
    Grpc,
    GrpcWeb,
    GrpcWebText,
    ConnectJson,
    ConnectProto,
    Rest,
}
