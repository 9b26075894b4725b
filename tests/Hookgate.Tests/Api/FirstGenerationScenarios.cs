using Google.Protobuf.WellKnownTypes;
using Hookgate.Tests.Infrastructure;
using Zitadel.Action.V3Alpha;
using Zitadel.Object.V2;

namespace Hookgate.Tests.Api;

/// <summary>zitadel.action.v3alpha.ActionService (the first generation, /v3alpha/…): every RPC, over each transport.</summary>
public abstract class FirstGenerationScenarios(Transport transport) : ApiTestBase(transport)
{
    private static Duration Secs(int s) => Duration.FromTimeSpan(TimeSpan.FromSeconds(s));

    private static CreateTargetRequest Target(string name, string endpoint = "https://example.com/hook") =>
        new() { Name = name, RestWebhook = new SetRESTWebhook { InterruptOnError = true }, Timeout = Secs(10), Endpoint = endpoint };

    private async Task<string> CreateAsync(string name) => (await Owner.OkAsync<CreateTargetResponse>(M1("CreateTarget"), Target(name))).Id;

    [Fact]
    public async Task Targets_from_create_to_delete()
    {
        var before = DateTimeOffset.UtcNow;
        var created = await Owner.OkAsync<CreateTargetResponse>(M1("CreateTarget"), Target("first-gen"));
        Assert.Matches("^[0-9]+$", created.Id);
        Assert.Equal(1UL, created.Details.Sequence);
        Assert.Equal(Server.Core.Instance.Id, created.Details.ResourceOwner);
        Within(created.Details.ChangeDate, before, DateTimeOffset.UtcNow);

        var target = (await Owner.OkAsync<GetTargetByIDResponse>(M1("GetTargetByID"), new GetTargetByIDRequest { TargetId = created.Id })).Target;
        Assert.Equal(created.Id, target.TargetId);
        Assert.Equal(created.Details, target.Details);
        Assert.Equal("first-gen", target.Name);
        Assert.True(target.RestWebhook.InterruptOnError);
        Assert.Equal(Secs(10), target.Timeout);

        var updated = await Owner.OkAsync<UpdateTargetResponse>(M1("UpdateTarget"), new UpdateTargetRequest { TargetId = created.Id, Name = "renamed", RestAsync = new SetRESTAsync() });
        Assert.Equal(2UL, updated.Details.Sequence);
        var unchanged = await Owner.OkAsync<UpdateTargetResponse>(M1("UpdateTarget"), new UpdateTargetRequest { TargetId = created.Id, Name = "renamed" });
        Assert.Equal(updated.Details, unchanged.Details);
        target = (await Owner.OkAsync<GetTargetByIDResponse>(M1("GetTargetByID"), new GetTargetByIDRequest { TargetId = created.Id })).Target;
        Assert.Equal("renamed", target.Name);
        Assert.NotNull(target.RestAsync);

        var deleted = await Owner.OkAsync<DeleteTargetResponse>(M1("DeleteTarget"), new DeleteTargetRequest { TargetId = created.Id });
        Assert.Equal(3UL, deleted.Details.Sequence);
        AssertError(await Call<DeleteTargetResponse>(Owner, M1("DeleteTarget"), new DeleteTargetRequest { TargetId = created.Id }), 5, "COMMAND-k4s7ucu0ax");
        AssertError(await Call<GetTargetByIDResponse>(Owner, M1("GetTargetByID"), new GetTargetByIDRequest { TargetId = created.Id }), 5, "QUERY-hj5oaniyrz");
        AssertError(await Call<UpdateTargetResponse>(Owner, M1("UpdateTarget"), new UpdateTargetRequest { TargetId = created.Id, Name = "x" }), 5, "COMMAND-xj14f2cccn");
    }

    [Fact]
    public async Task Targets_follow_this_generations_rules()
    {
        async Task Invalid(CreateTargetRequest request, string message)
        {
            var result = await Call<CreateTargetResponse>(Owner, M1("CreateTarget"), request);
            AssertError(result, 3);
            Assert.Equal(message + " (VALIDATE-rules)", result.Message);
        }
        await Invalid(Target(new string('n', 201)), "invalid CreateTargetRequest.Name: value length must be between 1 and 200 runes, inclusive");
        await Invalid(new CreateTargetRequest { Name = "t", RestAsync = new SetRESTAsync(), Endpoint = "https://example.com" }, "invalid CreateTargetRequest.Timeout: value is required");
        await Invalid(new CreateTargetRequest { Name = "t", RestAsync = new SetRESTAsync(), Timeout = new Duration(), Endpoint = "https://example.com" }, "invalid CreateTargetRequest.Timeout: value must be greater than 0s");
        await Invalid(Target("t", "/relative/path"), "invalid CreateTargetRequest.Endpoint: value must be absolute");
        await Invalid(Target("t", "https://example.com/" + new string('a', 1000)), "invalid CreateTargetRequest.Endpoint: value length must be between 1 and 1000 runes, inclusive");
        await Invalid(new CreateTargetRequest { Name = "t", Timeout = Secs(1), Endpoint = "https://example.com" }, "invalid CreateTargetRequest.TargetType: value is required");
        var updated = await Call<UpdateTargetResponse>(Owner, M1("UpdateTarget"), new UpdateTargetRequest { TargetId = "1", Timeout = new Duration() });
        Assert.Equal("invalid UpdateTargetRequest.Timeout: value must be greater than 0s (VALIDATE-rules)", updated.Message);

        await CreateAsync("taken");
        AssertError(await Call<CreateTargetResponse>(Owner, M1("CreateTarget"), Target("taken")), 6, "V3-DKcYh");
        AssertError(await Call<CreateTargetResponse>(OrgOwner, M1("CreateTarget"), Target("x")), 7);
        AssertError(await Call<CreateTargetResponse>(Viewer, M1("CreateTarget"), Target("x")), 7);
    }

    [Fact]
    public async Task ListTargets_pages_sorts_and_filters()
    {
        var ids = new[] { await CreateAsync("list-b"), await CreateAsync("list-a"), await CreateAsync("list-c") };
        var all = await Viewer.OkAsync<ListTargetsResponse>(M1("ListTargets"), new ListTargetsRequest());
        Assert.Equal(3UL, all.Details.TotalResult);
        Assert.Equal(ids.OrderDescending(StringComparer.Ordinal), all.Result.Select(t => t.TargetId));
        Assert.NotNull(all.Details.Timestamp);

        var byName = await Owner.OkAsync<ListTargetsResponse>(M1("ListTargets"), new ListTargetsRequest
        {
            Query = new ListQuery { Limit = 2, Asc = true },
            SortingColumn = TargetFieldName.FieldNameName,
            Queries = { new TargetSearchQuery { TargetNameQuery = new TargetNameQuery { TargetName = "LIST-", Method = TextQueryMethod.StartsWithIgnoreCase } } },
        });
        Assert.Equal(["list-a", "list-b"], byName.Result.Select(t => t.Name));
        Assert.Equal(3UL, byName.Details.TotalResult);

        var byIds = await Owner.OkAsync<ListTargetsResponse>(M1("ListTargets"), new ListTargetsRequest
        {
            Queries = { new TargetSearchQuery { InTargetIdsQuery = new InTargetIDsQuery { TargetIds = { ids[0], ids[2] } } } },
        });
        Assert.Equal(2, byIds.Result.Count);
        AssertError(await Call<ListTargetsResponse>(OrgOwner, M1("ListTargets"), new ListTargetsRequest()), 7);
        AssertError(await Call<ListTargetsResponse>(Owner, M1("ListTargets"), new ListTargetsRequest { Queries = { new TargetSearchQuery() } }), 3);
    }

    private static Zitadel.Action.V3Alpha.Condition Request(string? method = null, string? service = null) =>
        new() { Request = method is not null ? new RequestExecution { Method = method } : service is not null ? new RequestExecution { Service = service } : new RequestExecution { All = true } };

    [Fact]
    public async Task Executions_are_set_listed_and_deleted()
    {
        // These executions catch this test's own calls: an async target never delays or fails them.
        var target = (await Owner.OkAsync<CreateTargetResponse>(M1("CreateTarget"), new CreateTargetRequest
        {
            Name = "exec-target", RestAsync = new SetRESTAsync(), Timeout = Secs(1), Endpoint = "http://127.0.0.1:9/discard",
        })).Id;
        var all = Request();
        var service = Request(service: "zitadel.action.v2.ActionService");
        var set = await Owner.OkAsync<SetExecutionResponse>(M1("SetExecution"), new SetExecutionRequest { Condition = all, Targets = { new ExecutionTargetType { Target = target } } });
        Assert.Equal(1UL, set.Details.Sequence);
        await Owner.OkAsync<SetExecutionResponse>(M1("SetExecution"), new SetExecutionRequest
        {
            Condition = service,
            Targets = { new ExecutionTargetType { Include = all }, new ExecutionTargetType { Target = target } },
        });

        var listed = await Viewer.OkAsync<ListExecutionsResponse>(M1("ListExecutions"), new ListExecutionsRequest
        {
            Queries = { new SearchQuery { InConditionsQuery = new InConditionsQuery { Conditions = { service } } } },
        });
        var execution = Assert.Single(listed.Result);
        Assert.Equal(service, execution.Condition);
        Assert.Equal([new ExecutionTargetType { Include = all }, new ExecutionTargetType { Target = target }], execution.Targets);

        var including = await Owner.OkAsync<ListExecutionsResponse>(M1("ListExecutions"), new ListExecutionsRequest
        {
            Queries = { new SearchQuery { IncludeQuery = new IncludeQuery { Include = all } } },
        });
        Assert.Equal(service, Assert.Single(including.Result).Condition);
        var withTarget = await Owner.OkAsync<ListExecutionsResponse>(M1("ListExecutions"), new ListExecutionsRequest
        {
            Queries = { new SearchQuery { TargetQuery = new TargetQuery { TargetId = target } } },
        });
        Assert.Equal(2, withTarget.Result.Count);

        // This generation refuses an empty list, and loose conditions fail in the command, as upstream.
        AssertError(await Call<SetExecutionResponse>(Owner, M1("SetExecution"), new SetExecutionRequest { Condition = all }), 3, "COMMAND-56bteot2uj");
        AssertError(await Call<SetExecutionResponse>(Owner, M1("SetExecution"), new SetExecutionRequest
        {
            Condition = new Zitadel.Action.V3Alpha.Condition { Request = new RequestExecution() }, Targets = { new ExecutionTargetType { Target = target } },
        }), 3, "COMMAND-3tkej630e6");
        AssertError(await Call<SetExecutionResponse>(Owner, M1("SetExecution"), new SetExecutionRequest
        {
            Condition = new Zitadel.Action.V3Alpha.Condition { Request = new RequestExecution { All = false } }, Targets = { new ExecutionTargetType { Target = target } },
        }), 3, "COMMAND-3tkej630e6");
        AssertError(await Call<SetExecutionResponse>(Owner, M1("SetExecution"), new SetExecutionRequest { Targets = { new ExecutionTargetType { Target = target } } }), 3, "ACTION-5r5Ju");
        AssertError(await Call<SetExecutionResponse>(Owner, M1("SetExecution"), new SetExecutionRequest { Condition = all, Targets = { new ExecutionTargetType() } }), 3, "COMMAND-hdm4zl1hmd");
        AssertError(await Call<SetExecutionResponse>(Viewer, M1("SetExecution"), new SetExecutionRequest { Condition = all, Targets = { new ExecutionTargetType { Target = target } } }), 7);

        var removed = await Owner.OkAsync<DeleteExecutionResponse>(M1("DeleteExecution"), new DeleteExecutionRequest { Condition = service });
        Assert.Equal(2UL, removed.Details.Sequence);
        AssertError(await Call<DeleteExecutionResponse>(Owner, M1("DeleteExecution"), new DeleteExecutionRequest { Condition = service }), 5, "COMMAND-suq2upd3rt");
        var left = await Owner.OkAsync<ListExecutionsResponse>(M1("ListExecutions"), new ListExecutionsRequest());
        Assert.Equal(all, Assert.Single(left.Result).Condition);
    }

    [Fact]
    public async Task Catalog_needs_execution_read()
    {
        var methods = await Viewer.OkAsync<ListExecutionMethodsResponse>(M1("ListExecutionMethods"), new ListExecutionMethodsRequest());
        Assert.Contains("/zitadel.action.v3alpha.ActionService/SetExecution", methods.Methods);
        Assert.Contains("/zitadel.resources.action.v3alpha.ZITADELActions/SetExecution", methods.Methods);
        var services = await Viewer.OkAsync<ListExecutionServicesResponse>(M1("ListExecutionServices"), new ListExecutionServicesRequest());
        Assert.Contains("zitadel.action.v3alpha.ActionService", services.Services);
        var functions = await Viewer.OkAsync<ListExecutionFunctionsResponse>(M1("ListExecutionFunctions"), new ListExecutionFunctionsRequest());
        Assert.NotEmpty(functions.Functions);
        AssertError(await Call<ListExecutionMethodsResponse>(OrgOwner, M1("ListExecutionMethods"), new ListExecutionMethodsRequest()), 7);
    }
}

public sealed class FirstGenerationOverRest() : FirstGenerationScenarios(Transport.Rest);

public sealed class FirstGenerationOverGrpc() : FirstGenerationScenarios(Transport.Grpc);
