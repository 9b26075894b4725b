using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Protocol.Tests.Echo;

namespace Hookgate.Protocol.Tests.Infrastructure;

/// <summary>The test service: most methods echo the bound request so tests can see how it was built.</summary>
public static class EchoHandlers
{
    public static UnaryHandler? For(MethodDescriptor method) => method.Name switch
    {
        "Fail" => static (request, _) =>
        {
            var fail = (FailRequest)request;
            IMessage[]? details = fail.DetailId.Length > 0 ? [new ErrorDetail { Id = fail.DetailId, Message = fail.Message }] : null;
            throw new RpcException((StatusCode)fail.Code, fail.DetailId.Length > 0 ? fail.Message + " (" + fail.DetailId + ")" : fail.Message, details);
        },
        "Boom" => static (_, _) => throw new InvalidOperationException("secret internals must not leak"),
        "Slow" => static async (request, context) =>
        {
            await Task.Delay(((SlowRequest)request).DelayMs, context.CancellationToken);
            return new Empty();
        },
        "NotServed" => null,
        _ => (request, context) => ValueTask.FromResult<IMessage>(new EchoReply
        {
            Method = method.Name + ":" + context.Protocol + ":" + context.FullMethod,
            Request = (Kitchen)request,
        }),
    };
}
