using Hookgate.Runtime.Outbound;
using Hookgate.Tests.Api;
using Hookgate.Tests.Infrastructure;
using Zitadel.Action.V2;

namespace Hookgate.Tests.Runtime;

/// <summary>The deny list, when a target is saved and when it is called (reference §3.4), through the real server.</summary>
public sealed class OutboundSafetyTests : IAsyncLifetime
{
    private const string GetTargetMethod = ReceiverTestBase.GetTargetMethod;
    private TargetReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await TargetReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private static Google.Protobuf.Reflection.MethodDescriptor M(string name) => Hookgate.Api.V2.ActionServiceV2.Service.FindMethodByName(name);

    private static CreateTargetRequest Target(string name, string endpoint) => new()
    {
        Name = name, RestWebhook = new RESTWebhook { InterruptOnError = true }, Endpoint = endpoint, Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
    };

    [Fact]
    public async Task With_private_networks_denied_loopback_targets_are_refused_when_saved()
    {
        await using var server = await TestServer.StartAsync(configure: o => o with { Outbound = OutboundOptions.ZitadelDefault });
        using var client = new ApiClient(server.BaseUrl, Transport.Rest, server.AdminToken);

        var denied = await client.CallAsync<CreateTargetResponse>(M("CreateTarget"), Target("loopback", _receiver.Endpoint("/x")));
        Assert.Equal(3, denied.Code);
        Assert.Equal("COMMAND-NcJUKo", denied.Detail?.Id);
        Assert.Equal(3, (await client.CallAsync<CreateTargetResponse>(M("CreateTarget"), Target("localhost", "http://localhost:9/hook"))).Code);
        Assert.Equal(3, (await client.CallAsync<CreateTargetResponse>(M("CreateTarget"), Target("metadata", "http://169.254.169.254/latest"))).Code);

        var allowed = await client.OkAsync<CreateTargetResponse>(M("CreateTarget"), Target("public", "https://93.184.216.34/hook"));
        var update = await client.CallAsync<UpdateTargetResponse>(M("UpdateTarget"), new UpdateTargetRequest { Id = allowed.Id, Endpoint = "http://10.1.2.3/hook" });
        Assert.Equal("COMMAND-jKbbu2", update.Detail?.Id);
    }

    [Fact]
    public async Task The_default_allows_loopback_but_not_cloud_metadata()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new ApiClient(server.BaseUrl, Transport.Rest, server.AdminToken);
        await client.OkAsync<CreateTargetResponse>(M("CreateTarget"), Target("loopback", _receiver.Endpoint("/x")));
        Assert.Equal("COMMAND-NcJUKo", (await client.CallAsync<CreateTargetResponse>(M("CreateTarget"), Target("metadata", "http://169.254.169.254/latest"))).Detail?.Id);
    }

    [Fact]
    public async Task A_redirect_into_a_denied_network_is_refused_when_called()
    {
        // 127.0.0.2 is loopback too on Linux; only it is denied, so the receiver on 127.0.0.1 passes the save-time check.
        await using var server = await TestServer.StartAsync(configure: o => o with { Outbound = OutboundOptions.Default with { DenyList = ["127.0.0.2/32"] } });
        using var client = new ApiClient(server.BaseUrl, Transport.Grpc, server.AdminToken);
        var port = new Uri(_receiver.BaseUrl).Port;
        var endpoint = _receiver.Redirect("/to-denied", $"http://127.0.0.2:{port}/landed");
        var target = await client.OkAsync<CreateTargetResponse>(M("CreateTarget"), Target("redirecting", endpoint));
        await client.OkAsync<SetExecutionResponse>(M("SetExecution"), new SetExecutionRequest
        {
            Condition = new Condition { Request = new RequestExecution { Method = GetTargetMethod } }, Targets = { target.Id },
        });

        var result = await client.CallAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = target.Id });
        Assert.Equal(9, result.Code);
        Assert.Equal("EXEC-DeniedURL", result.Detail?.Id);
        Assert.Contains("127.0.0.2", result.Message);
        Assert.Single(_receiver.CallsTo("/to-denied"));
    }

    [Fact]
    public async Task The_suspension_switch_stops_executions_on_the_management_api()
    {
        await using var server = await TestServer.StartAsync(configure: o => o with { SuspendExecutions = true });
        using var client = new ApiClient(server.BaseUrl, Transport.Rest, server.AdminToken);
        // A broken "all" execution that would lock everyone out: an interrupting target that always fails.
        var broken = await client.OkAsync<CreateTargetResponse>(M("CreateTarget"), Target("broken", _receiver.Endpoint("/broken", status: 500)));
        await client.OkAsync<SetExecutionResponse>(M("SetExecution"), new SetExecutionRequest
        {
            Condition = new Condition { Request = new RequestExecution { All = true } }, Targets = { broken.Id },
        });
        Assert.True((await client.CallAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = broken.Id })).Ok);
        // The operator repairs it while suspended.
        await client.OkAsync<SetExecutionResponse>(M("SetExecution"), new SetExecutionRequest { Condition = new Condition { Request = new RequestExecution { All = true } } });
        Assert.Empty(_receiver.Calls);
    }
}
