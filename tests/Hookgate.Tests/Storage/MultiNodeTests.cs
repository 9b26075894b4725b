using Hookgate.Tests.Infrastructure;
using Zitadel.Action.V2;
using Hookgate.Api.V2;

namespace Hookgate.Tests.Storage;

/// <summary>Two nodes on one PostgreSQL database see each other's writes.</summary>
[Collection("postgres")]
public sealed class MultiNodeTests : IAsyncLifetime
{
    private TestServer _a = null!;
    private TestServer _b = null!;

    public async Task InitializeAsync()
    {
        var database = await TestDatabases.CreatePostgresAsync();
        _a = await TestServer.StartAsync(StorageProvider.Postgres, database);
        _b = await TestServer.StartAsync(StorageProvider.Postgres, database);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private static Google.Protobuf.Reflection.MethodDescriptor M(string name) => ActionServiceV2.Service.FindMethodByName(name);

    [Fact]
    public async Task Writes_on_one_node_are_read_on_the_other()
    {
        Assert.Equal(_a.Core.Instance, _b.Core.Instance);
        using var a = new ApiClient(_a.BaseUrl, Transport.Rest, _a.AdminToken);
        using var b = new ApiClient(_b.BaseUrl, Transport.Grpc, _a.AdminToken);

        var created = await a.OkAsync<CreateTargetResponse>(M("CreateTarget"), new CreateTargetRequest
        {
            Name = "shared", RestWebhook = new RESTWebhook(), Endpoint = "https://example.com", Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
        });
        Assert.Equal("shared", (await b.OkAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = created.Id })).Target.Name);

        // B now holds the target in memory; A's change reaches it through the database's notification.
        await a.OkAsync<UpdateTargetResponse>(M("UpdateTarget"), new UpdateTargetRequest { Id = created.Id, Name = "renamed" });
        await Eventually(async () => (await b.OkAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = created.Id })).Target.Name == "renamed");

        await a.OkAsync<DeleteTargetResponse>(M("DeleteTarget"), new DeleteTargetRequest { Id = created.Id });
        await Eventually(async () => (await b.CallAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = created.Id })).Code == 5);

        // Unique names hold across nodes.
        await b.OkAsync<CreateTargetResponse>(M("CreateTarget"), new CreateTargetRequest
        {
            Name = "only-once", RestAsync = new RESTAsync(), Endpoint = "https://example.com", Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
        });
        var again = await a.CallAsync<CreateTargetResponse>(M("CreateTarget"), new CreateTargetRequest
        {
            Name = "only-once", RestAsync = new RESTAsync(), Endpoint = "https://example.com", Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
        });
        Assert.Equal(6, again.Code);
    }

    [Fact]
    public async Task An_execution_set_on_one_node_runs_on_the_other_within_a_second()
    {
        await using var receiver = await TargetReceiver.StartAsync();
        using var a = new ApiClient(_a.BaseUrl, Transport.Rest, _a.AdminToken);
        using var b = new ApiClient(_b.BaseUrl, Transport.Rest, _a.AdminToken);
        var target = await a.OkAsync<CreateTargetResponse>(M("CreateTarget"), new CreateTargetRequest
        {
            Name = "runtime", RestWebhook = new RESTWebhook(), Endpoint = receiver.Endpoint("/hook"), Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
        });
        // B builds its routes (none yet) before A sets the execution.
        await b.OkAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = target.Id });
        await a.OkAsync<SetExecutionResponse>(M("SetExecution"), new SetExecutionRequest
        {
            Condition = new Condition { Request = new RequestExecution { Method = "/zitadel.action.v2.ActionService/GetTarget" } }, Targets = { target.Id },
        });
        await Eventually(async () =>
        {
            await b.OkAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = target.Id });
            return receiver.Calls.Count > 0;
        });
    }

    /// <summary>Polls for at most one second: the bound the issue sets for cross-node visibility.</summary>
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(1);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the other node did not see the change within 1 s");
            await Task.Delay(20);
        }
    }
}
