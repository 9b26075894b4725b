using Google.Protobuf;
using Google.Protobuf.Reflection;
using Hookgate.Api;
using Hookgate.Errors;
using Hookgate.Protocol;
using Hookgate.Targets;

namespace Hookgate.Runtime;

/// <summary>Runtime settings.</summary>
public sealed record RuntimeOptions
{
    /// <summary>
    /// Request and response executions on Hookgate's own management API do not run: the way out when an
    /// execution has locked everyone out (ZITADEL issue #8205).
    /// </summary>
    public bool SuspendManagementExecutions { get; init; }
}

/// <summary>
/// Request and response executions around an API call (reference §3.2): the best-matching request execution's
/// targets see the request first (a restCall answer replaces it), then the handler runs, then the response
/// execution's targets see request and response (a restCall answer replaces the response). Targets run in order;
/// an interrupting target's error ends the call, any other error is logged and the next target runs.
/// </summary>
public sealed partial class ExecutionRuntime(ExecutionRouter router, TargetCaller caller, RuntimeOptions options, ILogger<ExecutionRuntime> logger)
{
    public async Task<IMessage> InvokeAsync(MethodDescriptor method, MethodConditions conditions, IMessage request, ApiCall call, ApiHandler handler)
    {
        if (options.SuspendManagementExecutions)
        {
            return await handler(request, call);
        }
        var routes = await router.RoutesAsync(call.InstanceId, call.CancellationToken);
        if (!routes.HasCallExecutions)
        {
            return await handler(request, call);
        }
        if (routes.BestMatch(conditions.Request) is { } requestTargets)
        {
            request = await RunAsync(requestTargets, method.InputType, request, null, conditions, call);
        }
        var response = await handler(request, call);
        if (routes.BestMatch(conditions.Response) is { } responseTargets)
        {
            response = await RunAsync(responseTargets, method.OutputType, request, response, conditions, call);
        }
        return response;
    }

    /// <summary>Calls the targets in order; returns the message they leave (the request's, or the response's when one is given).</summary>
    private async Task<IMessage> RunAsync(RouteTarget[] targets, MessageDescriptor type, IMessage request, IMessage? response, MethodConditions conditions, ApiCall call)
    {
        foreach (var route in targets)
        {
            var target = route.Target;
            var body = ContextInfo.ForCall(conditions.FullMethod, call.Caller, request, response, call.Rpc.HttpContext.Request.Headers);
            try
            {
                var answer = await caller.CallAsync(call.InstanceId, route, body, call.CancellationToken);
                if (target.Type == TargetType.Call && answer is { Length: > 0 })
                {
                    var replaced = Parse(answer, type, target);
                    if (response is null)
                    {
                        request = replaced;
                    }
                    else
                    {
                        response = replaced;
                    }
                }
            }
            catch (ApiError error) when (!target.InterruptOnError)
            {
                LogTargetFailed(logger, target.Id, conditions.FullMethod, error.Id, error.Message);
            }
        }
        return response ?? request;
    }

    /// <summary>A restCall answer is the whole message in protojson, which replaces the old one; unknown fields are an error.</summary>
    private static IMessage Parse(byte[] answer, MessageDescriptor type, TargetView target)
    {
        try
        {
            return ProtoJson.Parse(answer, type, ignoreUnknownFields: false);
        }
        catch (FormatException e)
        {
            throw new ApiError(ErrorKind.Unknown, "EXEC-BadAnswer", $"Target {target.Id} answered with an invalid {type.Name}: {e.Message}");
        }
    }

    [LoggerMessage(EventId = 11, EventName = "TargetFailed", Level = LogLevel.Error, Message = "Target {TargetId} failed for {FullMethod}; the call goes on: {ErrorId} {Error}")]
    private static partial void LogTargetFailed(ILogger logger, string targetId, string fullMethod, string errorId, string error);
}
