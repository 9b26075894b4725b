using Google.Protobuf;
using Google.Protobuf.Reflection;
using Hookgate.Errors;
using Hookgate.Identity;
using Hookgate.Protocol;
using Hookgate.Runtime;
using Zitadel.ProtocGenZitadel.V2;

namespace Hookgate.Api;

/// <summary>A typed handler of one RPC of an API adapter.</summary>
public delegate Task<IMessage> ApiHandler(IMessage request, ApiCall call);

/// <summary>
/// Turns an adapter's handlers into the protocol layer's <see cref="UnaryHandler"/>s, wrapping each in the
/// pipeline every RPC shares: authenticate the bearer token, check the permission the method's descriptor
/// declares (ZITADEL's auth_option), run the request and response executions around the handler (so targets
/// see requests before validation, as in ZITADEL), and map <see cref="ApiError"/>s to the wire.
/// </summary>
public sealed class ServiceBinder(TokenAuthenticator authenticator, InstanceInfo instance, ExecutionRuntime runtime)
{
    /// <summary>The REST status of success a method declares (ZITADEL's http_response option), 200 otherwise.</summary>
    public static int RestSuccessStatus(MethodDescriptor method) =>
        method.GetOptions()?.GetExtension(OptionsExtensions.Options)?.HttpResponse?.SuccessCode is > 0 and var code ? code : 200;

    public Func<MethodDescriptor, UnaryHandler?> Bind(IReadOnlyDictionary<string, ApiHandler> handlers) => method =>
    {
        if (!handlers.TryGetValue(method.Name, out var handler))
        {
            return null;
        }
        var permission = method.GetOptions()?.GetExtension(OptionsExtensions.Options)?.AuthOption?.Permission;
        if (string.IsNullOrEmpty(permission))
        {
            throw new InvalidOperationException($"{method.FullName} declares no auth_option permission");
        }
        var conditions = new MethodConditions($"/{method.Service.FullName}/{method.Name}");
        return async (request, context) =>
        {
            try
            {
                var caller = await authenticator.AuthenticateAsync(instance.Id, context.HttpContext.Request.Headers.Authorization, context.CancellationToken);
                if (!caller.Has(permission))
                {
                    throw ApiError.PermissionDenied("AUTH-5mWD2", "Errors.Permission.Missing");
                }
                return await runtime.InvokeAsync(method, conditions, request, new ApiCall(caller, context), handler);
            }
            catch (ApiError error)
            {
                throw ApiErrors.ToRpc(error);
            }
        };
    };
}

/// <summary>Builds an adapter's handler table with the request type checked once, here.</summary>
public sealed class HandlerTable
{
    private readonly Dictionary<string, ApiHandler> _handlers = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, ApiHandler> Handlers => _handlers;

    public HandlerTable On<TRequest>(string method, Func<TRequest, ApiCall, Task<IMessage>> handler) where TRequest : IMessage
    {
        _handlers.Add(method, (request, call) => handler((TRequest)request, call));
        return this;
    }
}
