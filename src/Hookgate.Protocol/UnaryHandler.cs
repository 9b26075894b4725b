using Google.Protobuf;

namespace Hookgate.Protocol;

/// <summary>Handles one unary call. Throw <see cref="RpcException"/> to return a status.</summary>
public delegate ValueTask<IMessage> UnaryHandler(IMessage request, RpcContext context);
