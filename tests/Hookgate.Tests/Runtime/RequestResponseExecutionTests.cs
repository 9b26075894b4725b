using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Hookgate.Tests.Api;
using Hookgate.Tests.Infrastructure;
using Zitadel.Action.V2;

namespace Hookgate.Tests.Runtime;

/// <summary>
/// Request and response executions on Hookgate's own API, with real receivers on loopback (reference §3 and §5.7):
/// exact payload bytes, signatures, restCall rewriting, order, best match, includes, the status table, timeouts
/// and async targets.
/// </summary>
public abstract class RequestResponseExecutionTests(Transport transport) : ReceiverTestBase(transport)
{

    private async Task<CreateTargetResponse> TargetAsync(string path, string type = "webhook", bool interrupt = true, int timeoutSeconds = 5,
        int status = 200, string body = "", TimeSpan delay = default)
    {
        var request = new CreateTargetRequest { Name = "t-" + path.Trim('/'), Endpoint = Receiver.Endpoint(path, status, body, delay), Timeout = Seconds(timeoutSeconds) };
        switch (type)
        {
            case "webhook": request.RestWebhook = new RESTWebhook { InterruptOnError = interrupt }; break;
            case "call": request.RestCall = new RESTCall { InterruptOnError = interrupt }; break;
            default: request.RestAsync = new RESTAsync(); break;
        }
        return await Owner.OkAsync<CreateTargetResponse>(M("CreateTarget"), request);
    }

    private Task SetAsync(Condition condition, params string[] targets) =>
        Owner.OkAsync<SetExecutionResponse>(M("SetExecution"), new SetExecutionRequest { Condition = condition, Targets = { targets } });

    private static Condition Request(string? method = null, string? service = null) =>
        new() { Request = method is not null ? new RequestExecution { Method = method } : service is not null ? new RequestExecution { Service = service } : new RequestExecution { All = true } };

    private static Condition Response(string method) => new() { Response = new ResponseExecution { Method = method } };

    private Task<RpcResult<GetTargetResponse>> GetTargetAsync(string id) => Owner.CallAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = id });

    /// <summary>The body ZITADEL sends for a request execution on GetTarget, written out by hand.</summary>
    private string ExpectedRequestBody(string id, string? response = null)
    {
        var instance = Server.Core.Instance;
        var admin = Server.Core.CreatedAdminToken!;
        var headers = Transport switch
        {
            Transport.Grpc => $"\"headers\":{{\"Content-Type\":[\"application/grpc\"],\"Host\":[\"{new Uri(Server.BaseUrl).Authority}\"]}}",
            _ => $"\"headers\":{{\"Host\":[\"{new Uri(Server.BaseUrl).Authority}\"]}}",
        };
        var responsePart = response is null ? "" : $",\"response\":{response}";
        return $"{{\"fullMethod\":\"{GetTargetMethod}\",\"instanceID\":\"{instance.Id}\",\"orgID\":\"{instance.DefaultOrgId}\",\"userID\":\"{admin.UserId}\"," +
               $"\"request\":{{\"id\":\"{id}\"}}{responsePart},{headers}}}";
    }

    [Fact]
    public async Task A_request_execution_sends_zitadels_payload_signed()
    {
        var webhook = await TargetAsync("/request");
        await SetAsync(Request(GetTargetMethod), webhook.Id);

        var result = await GetTargetAsync(webhook.Id);
        Assert.True(result.Ok, result.Message);
        var call = Assert.Single(Receiver.CallsTo("/request"));
        Assert.Equal(ExpectedRequestBody(webhook.Id), call.Text);
        Assert.StartsWith("application/json", call.Headers["Content-Type"]);

        // ZITADEL-Signature: t=<unix>,v1=<hex HMAC-SHA256(key, "<t>." + body)>
        var signature = call.Headers["ZITADEL-Signature"];
        var parts = signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var t = long.Parse(parts["t"]);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - t, 0, 10);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(webhook.SigningKey), (byte[])[.. Encoding.UTF8.GetBytes($"{t}."), .. call.Body]));
        Assert.Equal(expected, parts["v1"]);
    }

    [Fact]
    public async Task A_response_execution_sends_request_and_response()
    {
        var webhook = await TargetAsync("/response");
        await SetAsync(Response(GetTargetMethod), webhook.Id);

        var result = await GetTargetAsync(webhook.Id);
        Assert.True(result.Ok, result.Message);
        var call = Assert.Single(Receiver.CallsTo("/response"));
        var response = Hookgate.Protocol.ProtoJson.Format(result.Value);
        Assert.Equal(ExpectedRequestBody(webhook.Id, response), call.Text);
    }

    [Fact]
    public async Task RestCall_targets_rewrite_request_and_response_and_the_next_target_sees_it()
    {
        // ZITADEL's "request and response, ok": the request target swaps the ID, the response target renames.
        var other = await CreateTargetAsync(name: "the-other");
        var requestCall = await TargetAsync("/rewrite-request", type: "call", interrupt: false, body: $"{{\"id\":\"{other.Id}\"}}");
        var observer = await TargetAsync("/observe-request");
        await SetAsync(Request(GetTargetMethod), requestCall.Id, observer.Id);
        var responseCall = await TargetAsync("/rewrite-response", type: "call", interrupt: false);
        Receiver.Endpoint("/rewrite-response", async received =>
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(received.Body)!["response"]!;
            json["target"]!["id"] = "changed";
            return await Task.FromResult((200, json.ToJsonString()));
        });
        await SetAsync(Response(GetTargetMethod), responseCall.Id);

        var result = await GetTargetAsync("something");
        Assert.True(result.Ok, result.Message);
        Assert.Equal("changed", result.Value.Target.Id);
        Assert.Equal("the-other", result.Value.Target.Name);
        Assert.Contains("\"request\":{\"id\":\"something\"}", Assert.Single(Receiver.CallsTo("/rewrite-request")).Text);
        Assert.Contains($"\"request\":{{\"id\":\"{other.Id}\"}}", Assert.Single(Receiver.CallsTo("/observe-request")).Text);
        Assert.Contains($"\"request\":{{\"id\":\"{other.Id}\"}}", Assert.Single(Receiver.CallsTo("/rewrite-response")).Text);
    }

    [Fact]
    public async Task Only_the_best_match_runs_method_over_service_over_all()
    {
        var all = await TargetAsync("/all");
        var service = await TargetAsync("/service");
        var method = await TargetAsync("/method");
        await SetAsync(Request(), all.Id);
        await SetAsync(Request(service: "zitadel.action.v2.ActionService"), service.Id);
        await SetAsync(Request(GetTargetMethod), method.Id);
        Receiver.Reset(); // the setup's own SetExecution calls went to the service execution

        Assert.True((await GetTargetAsync(method.Id)).Ok);
        Assert.Single(Receiver.CallsTo("/method"));
        Assert.Empty(Receiver.CallsTo("/service"));
        Assert.Empty(Receiver.CallsTo("/all"));

        Assert.True((await Owner.CallAsync<ListTargetsResponse>(M("ListTargets"), new ListTargetsRequest())).Ok);
        Assert.Single(Receiver.CallsTo("/service"));

        Assert.True((await Owner.CallAsync<Zitadel.Action.V2Beta.ListTargetsResponse>(
            Hookgate.Api.V2Beta.ActionServiceV2Beta.Service.FindMethodByName("ListTargets"), new Zitadel.Action.V2Beta.ListTargetsRequest())).Ok);
        Assert.Single(Receiver.CallsTo("/all"));
    }

    [Fact]
    public async Task Targets_run_in_order_and_includes_dissolve_in_place()
    {
        var first = await TargetAsync("/first");
        var included = await TargetAsync("/included");
        var last = await TargetAsync("/last");
        var all = new Zitadel.Action.V3Alpha.Condition { Request = new Zitadel.Action.V3Alpha.RequestExecution { All = true } };
        await Owner.OkAsync<Zitadel.Action.V3Alpha.SetExecutionResponse>(M1("SetExecution"), new Zitadel.Action.V3Alpha.SetExecutionRequest
        {
            Condition = all, Targets = { new Zitadel.Action.V3Alpha.ExecutionTargetType { Target = included.Id } },
        });
        await Owner.OkAsync<Zitadel.Action.V3Alpha.SetExecutionResponse>(M1("SetExecution"), new Zitadel.Action.V3Alpha.SetExecutionRequest
        {
            Condition = new Zitadel.Action.V3Alpha.Condition { Request = new Zitadel.Action.V3Alpha.RequestExecution { Method = GetTargetMethod } },
            Targets =
            {
                new Zitadel.Action.V3Alpha.ExecutionTargetType { Target = first.Id },
                new Zitadel.Action.V3Alpha.ExecutionTargetType { Include = all },
                new Zitadel.Action.V3Alpha.ExecutionTargetType { Target = last.Id },
            },
        });

        Receiver.Reset(); // the setup's second SetExecution went to the "all" execution
        Assert.True((await GetTargetAsync(first.Id)).Ok);
        Assert.Equal(["/first", "/included", "/last"], Receiver.Calls.Select(c => c.Path));
    }

    public static TheoryData<int, string, int, string?> StatusTable() => new()
    {
        // answer status, answer body → gRPC code (0 = the call goes on), error ID
        { 200, "", 0, null },
        { 200, "not json", 0, null },
        { 200, "[1,2]", 0, null },
        { 200, """{"other":1}""", 0, null },
        { 204, "", 0, null },
        { 500, "", 9, "EXEC-dra6yamk98" },
        { 404, "", 9, "EXEC-dra6yamk98" },
        { 302, "", 9, "EXEC-dra6yamk98" },
        { 200, """{"forwardedStatusCode":400,"forwardedErrorMessage":"bad"}""", 3, "EXEC-reUaUZCzCp" },
        { 200, """{"forwardedStatusCode":401,"forwardedErrorMessage":"who"}""", 16, "EXEC-reUaUZCzCp" },
        { 200, """{"forwardedStatusCode":403,"forwardedErrorMessage":"Call is forbidden through the IP AllowList definition"}""", 7, "EXEC-reUaUZCzCp" },
        { 200, """{"forwardedStatusCode":404,"forwardedErrorMessage":"gone"}""", 5, "EXEC-reUaUZCzCp" },
        { 200, """{"forwardedStatusCode":409,"forwardedErrorMessage":"taken"}""", 6, "EXEC-reUaUZCzCp" },
        { 200, """{"forwardedStatusCode":429,"forwardedErrorMessage":"slow down"}""", 8, "EXEC-reUaUZCzCp" },
        { 200, """{"forwardedStatusCode":418,"forwardedErrorMessage":"teapot"}""", 2, "EXEC-reUaUZCzCp" },
        { 200, """{"forwardedStatusCode":500,"forwardedErrorMessage":"boom"}""", 9, "EXEC-bmhNhpcqpF" },
        { 200, """{"forwardedErrorMessage":"only a message"}""", 9, "EXEC-bmhNhpcqpF" },
        { 201, """{"ForwardedStatusCode":403,"forwardedErrorMessage":"any case"}""", 7, "EXEC-reUaUZCzCp" },
        { 200, """{"forwardedStatusCode":"403"}""", 0, null },
    };

    [Theory]
    [MemberData(nameof(StatusTable))]
    public async Task The_answer_decides_as_zitadel_does(int status, string body, int code, string? errorId)
    {
        var interrupting = await TargetAsync("/status", status: status, body: body);
        await SetAsync(Request(GetTargetMethod), interrupting.Id);
        var result = await GetTargetAsync(interrupting.Id);
        Assert.Equal(code, result.Code);
        if (errorId is not null)
        {
            Assert.Equal(errorId, result.Detail?.Id);
            if (errorId != "EXEC-dra6yamk98")
            {
                // A forwarded message reaches the caller verbatim.
                var forwarded = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("forwardedErrorMessage").GetString();
                Assert.Equal($"{forwarded} ({errorId})", result.Message);
            }
        }

        // Without interruptOnError the same answer is logged and the call goes on.
        var quiet = await TargetAsync("/status-quiet", interrupt: false, status: status, body: body);
        await SetAsync(Request(GetTargetMethod), quiet.Id);
        Assert.True((await GetTargetAsync(quiet.Id)).Ok);
    }

    [Fact]
    public async Task A_slow_target_fails_the_call_within_its_timeout_and_is_hung_up_on()
    {
        var slow = await TargetAsync("/slow", timeoutSeconds: 1, delay: TimeSpan.FromSeconds(5));
        await SetAsync(Request(GetTargetMethod), slow.Id);
        var watch = Stopwatch.StartNew();
        var result = await GetTargetAsync(slow.Id);
        watch.Stop();
        Assert.Equal(4, result.Code);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.5));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!Receiver.CallsTo("/slow").Single().Aborted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.True(Receiver.CallsTo("/slow").Single().Aborted, "the target's connection was not closed");

        // Not interrupting: the call goes on after the timeout.
        var quiet = await TargetAsync("/slow-quiet", interrupt: false, timeoutSeconds: 1, delay: TimeSpan.FromSeconds(5));
        await SetAsync(Request(GetTargetMethod), quiet.Id);
        Assert.True((await GetTargetAsync(quiet.Id)).Ok);
    }

    [Fact]
    public async Task An_async_target_never_delays_or_fails_the_call()
    {
        var async = await TargetAsync("/async", type: "async", status: 500, delay: TimeSpan.FromSeconds(3));
        await SetAsync(Request(GetTargetMethod), async.Id);
        var watch = Stopwatch.StartNew();
        var result = await GetTargetAsync(async.Id);
        Assert.True(result.Ok, result.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"the call took {watch.Elapsed}");
        await Receiver.WaitForCallsAsync(1);
        Assert.Equal(ExpectedRequestBody(async.Id), Assert.Single(Receiver.CallsTo("/async")).Text);
    }

    [Fact]
    public async Task Executions_take_effect_at_once_and_stop_when_cleared()
    {
        var webhook = await TargetAsync("/now");
        Assert.True((await GetTargetAsync(webhook.Id)).Ok);
        Assert.Empty(Receiver.Calls);
        await SetAsync(Request(GetTargetMethod), webhook.Id);
        Assert.True((await GetTargetAsync(webhook.Id)).Ok);
        Assert.Single(Receiver.CallsTo("/now"));
        await SetAsync(Request(GetTargetMethod));
        Assert.True((await GetTargetAsync(webhook.Id)).Ok);
        Assert.Single(Receiver.CallsTo("/now"));
    }

    [Fact]
    public async Task A_changed_target_takes_effect_at_once_and_other_targets_change_nothing()
    {
        var webhook = await TargetAsync("/first");
        await SetAsync(Request(GetTargetMethod), webhook.Id);
        Assert.True((await GetTargetAsync(webhook.Id)).Ok);
        await TargetAsync("/unrelated");
        Assert.True((await GetTargetAsync(webhook.Id)).Ok);
        Assert.Equal(2, Receiver.CallsTo("/first").Count());

        await Owner.OkAsync<UpdateTargetResponse>(M("UpdateTarget"), new UpdateTargetRequest { Id = webhook.Id, Endpoint = Receiver.Endpoint("/second") });
        Assert.True((await GetTargetAsync(webhook.Id)).Ok);
        Assert.Single(Receiver.CallsTo("/second"));

        await Owner.OkAsync<DeleteTargetResponse>(M("DeleteTarget"), new DeleteTargetRequest { Id = webhook.Id });
        Assert.False((await GetTargetAsync(webhook.Id)).Ok);
        Assert.Equal(2, Receiver.CallsTo("/first").Count());
        Assert.Single(Receiver.CallsTo("/second"));
        Assert.Empty(Receiver.CallsTo("/unrelated"));
    }

    [Fact]
    public async Task Calls_rejected_by_authentication_never_reach_targets()
    {
        var webhook = await TargetAsync("/auth");
        await SetAsync(Request(), webhook.Id);
        AssertError(await OrgOwner.CallAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = webhook.Id }), 7);
        Assert.Empty(Receiver.Calls);
    }
}

public sealed class RequestResponseExecutionsOverGrpc() : RequestResponseExecutionTests(Transport.Grpc);

public sealed class RequestResponseExecutionsOverRest() : RequestResponseExecutionTests(Transport.Rest);
