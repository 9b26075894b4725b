using Hookgate.Identity;
using Hookgate.Protocol;

namespace Hookgate.Api;

/// <summary>What a handler knows about the call it serves: the authenticated caller and the wire context.</summary>
public sealed record ApiCall(Caller Caller, RpcContext Rpc)
{
    public string InstanceId => Caller.InstanceId;
    public string UserId => Caller.UserId;
    public CancellationToken CancellationToken => Rpc.CancellationToken;
}
