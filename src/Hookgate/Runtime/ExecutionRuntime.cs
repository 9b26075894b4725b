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
public sealed class ExecutionRuntime(ExecutionRouter router, TargetCaller caller, Deliveries.DeliveryLog deliveries, RuntimeOptions options)
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
        if (routes.BestMatch(conditions.Request) is { } requestMatch)
        {
            request = await RunAsync(requestMatch, method.InputType, request, null, conditions, call);
        }
        var response = await handler(request, call);
        if (routes.BestMatch(conditions.Response) is { } responseMatch)
        {
            response = await RunAsync(responseMatch, method.OutputType, request, response, conditions, call);
        }
        return response;
    }

    /// <summary>
    /// Calls the targets in order and records each call; returns the message they leave (the request's, or the
    /// response's when one is given).
    /// </summary>
    private async Task<IMessage> RunAsync(RouteMatch match, MessageDescriptor type, IMessage request, IMessage? response, MethodConditions conditions, ApiCall call)
    {
        void Record(TargetView target, TargetCallResult result, bool interrupted) =>
            deliveries.Record(call.InstanceId, match.ExecutionId, conditions.FullMethod, target, result, interrupted);

        byte[]? body = null;
        foreach (var route in match.Targets)
        {
            var target = route.Target;
            // The payload changes only when a restCall target replaced the message.
            body ??= ContextInfo.ForCall(conditions.FullMethod, call.Caller, request, response, call.Rpc.HttpContext.Request.Headers);
            if (target.Type == TargetType.Async)
            {
                // Fire and forget: neither the call's cancellation nor its outcome reaches the API call.
                var payload = body;
                _ = Task.Run(async () => Record(target, await caller.CallAsync(call.InstanceId, route, payload, CancellationToken.None), false), CancellationToken.None);
                continue;
            }
            var result = await caller.CallAsync(call.InstanceId, route, body, call.CancellationToken);
            if (result.Succeeded && target.Type == TargetType.Call && result.Answer is { Length: > 0 } answer)
            {
                try
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
                    body = null;
                }
                catch (ApiError error)
                {
                    result = result with { Outcome = DeliveryOutcome.InvalidAnswer, Answer = null, Error = error };
                }
            }
            var interrupts = !result.Succeeded && target.InterruptOnError;
            Record(target, result, interrupts);
            if (interrupts)
            {
                throw result.Error!;
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
}
