using Hookgate.Delivery.V1;
using DeliveryLog = Hookgate.Runtime.Deliveries.DeliveryLog;
using Hookgate.Tests.Api;
using Hookgate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Zitadel.Action.V2;

namespace Hookgate.Tests.Runtime;

/// <summary>Every target call is recorded and can be listed through hookgate.delivery.v1.DeliveryService.</summary>
public sealed class DeliveryLogTests() : ReceiverTestBase(Transport.Rest)
{
    private static readonly Google.Protobuf.Reflection.MethodDescriptor List = Hookgate.Api.Deliveries.DeliveryServiceV1.Service.FindMethodByName("ListDeliveries");

    private async Task<string> TargetAsync(string path, string type, bool interrupt, int status = 200, TimeSpan delay = default, int timeout = 5)
    {
        var request = new CreateTargetRequest { Name = path.Trim('/'), Endpoint = Receiver.Endpoint(path, status, "", delay), Timeout = Seconds(timeout) };
        switch (type)
        {
            case "webhook": request.RestWebhook = new RESTWebhook { InterruptOnError = interrupt }; break;
            default: request.RestAsync = new RESTAsync(); break;
        }
        return (await Owner.OkAsync<CreateTargetResponse>(M("CreateTarget"), request)).Id;
    }

    private Task<ListDeliveriesResponse> ListAsync(params DeliveryFilter[] filters) =>
        Viewer.OkAsync<ListDeliveriesResponse>(List, new ListDeliveriesRequest { Filters = { filters } });

    [Fact]
    public async Task Each_target_call_is_recorded_with_its_outcome()
    {
        var ok = await TargetAsync("/ok", "webhook", interrupt: false);
        var failing = await TargetAsync("/failing", "webhook", interrupt: false, status: 500);
        var slow = await TargetAsync("/slow", "webhook", interrupt: true, delay: TimeSpan.FromSeconds(3), timeout: 1);
        var async = await TargetAsync("/async", "async", interrupt: false);
        await Owner.OkAsync<SetExecutionResponse>(M("SetExecution"), new SetExecutionRequest
        {
            Condition = new Condition { Request = new RequestExecution { Method = GetTargetMethod } }, Targets = { ok, failing, async, slow },
        });

        var before = DateTimeOffset.UtcNow;
        AssertError(await Owner.CallAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = ok }), 4);
        await Receiver.WaitForCallsAsync(4);

        var execution = $"request{GetTargetMethod}";
        var all = await ListAsync(new DeliveryFilter { ExecutionId = execution });
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (all.Deliveries.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            all = await ListAsync(new DeliveryFilter { ExecutionId = execution });
        }
        Assert.Equal(4, all.Deliveries.Count);
        var byTarget = all.Deliveries.ToDictionary(d => d.TargetId);
        Assert.Equal(Outcome.Success, byTarget[ok].Outcome);
        Assert.Equal(200, byTarget[ok].StatusCode);
        Assert.Equal(TargetType.RestWebhook, byTarget[ok].TargetType);
        Assert.Equal(GetTargetMethod, byTarget[ok].FullMethod);
        Assert.Equal(1U, byTarget[ok].Attempt);
        Assert.InRange(byTarget[ok].Time.ToDateTimeOffset(), before.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.Equal(Outcome.HttpError, byTarget[failing].Outcome);
        Assert.Equal(500, byTarget[failing].StatusCode);
        Assert.Equal("EXEC-dra6yamk98", byTarget[failing].ErrorId);
        Assert.False(byTarget[failing].Interrupted);
        Assert.Equal(Outcome.Timeout, byTarget[slow].Outcome);
        Assert.True(byTarget[slow].Interrupted);
        Assert.InRange(byTarget[slow].Duration.ToTimeSpan(), TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.5));
        Assert.Equal(Outcome.Success, byTarget[async].Outcome);
        Assert.Equal(TargetType.RestAsync, byTarget[async].TargetType);

        Assert.Equal([failing], (await ListAsync(new DeliveryFilter { Outcome = Outcome.HttpError })).Deliveries.Select(d => d.TargetId));
        Assert.Equal(2, (await ListAsync(new DeliveryFilter { Failed = true })).Deliveries.Count);
        Assert.Equal([slow], (await ListAsync(new DeliveryFilter { TargetId = slow })).Deliveries.Select(d => d.TargetId));
        var later = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Empty((await ListAsync(new DeliveryFilter { Time = new TimeRange { After = later } })).Deliveries);
        Assert.Equal(4, (await ListAsync(new DeliveryFilter { Time = new TimeRange { Before = later } }, new DeliveryFilter { ExecutionId = execution })).Deliveries.Count);
        AssertError(await OrgOwner.CallAsync<ListDeliveriesResponse>(List, new ListDeliveriesRequest()), 7);
    }

    [Fact]
    public async Task Old_deliveries_are_pruned()
    {
        await using var server = await TestServer.StartAsync(configure: o => o with { DeliveryRetention = TimeSpan.FromSeconds(1) });
        using var owner = new ApiClient(server.BaseUrl, Transport.Rest, server.AdminToken);
        var target = (await owner.OkAsync<CreateTargetResponse>(M("CreateTarget"), new CreateTargetRequest
        {
            Name = "pruned", RestWebhook = new RESTWebhook(), Endpoint = Receiver.Endpoint("/pruned"), Timeout = Seconds(5),
        })).Id;
        await owner.OkAsync<SetExecutionResponse>(M("SetExecution"), new SetExecutionRequest
        {
            Condition = new Condition { Request = new RequestExecution { Method = GetTargetMethod } }, Targets = { target },
        });
        await owner.OkAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = target });
        Assert.Single((await owner.OkAsync<ListDeliveriesResponse>(List, new ListDeliveriesRequest())).Deliveries);
        await Task.Delay(1200);
        Assert.True(await server.App.Services.GetRequiredService<DeliveryLog>().PruneAsync(CancellationToken.None) >= 1);
        Assert.Empty((await owner.OkAsync<ListDeliveriesResponse>(List, new ListDeliveriesRequest())).Deliveries);
    }
}
