using Google.Protobuf.WellKnownTypes;
using Hookgate.Tests.Infrastructure;
using Zitadel.Object.V3Alpha;
using Zitadel.Resources.Action.V3Alpha;
using Zitadel.Resources.Object.V3Alpha;

namespace Hookgate.Tests.Api;

/// <summary>zitadel.resources.action.v3alpha.ZITADELActions (the second generation, /resources/v3alpha/actions/…): every RPC, over each transport.</summary>
public abstract class ResourcesGenerationScenarios(Transport transport) : ApiTestBase(transport)
{
    private static Duration Secs(int s) => Duration.FromTimeSpan(TimeSpan.FromSeconds(s));

    private static CreateTargetRequest Create(string name) =>
        new() { Target = new Target { Name = name, RestCall = new SetRESTCall { InterruptOnError = true }, Timeout = Secs(5), Endpoint = "https://example.com/call" } };

    private async Task<string> CreateAsync(string name) => (await Owner.OkAsync<CreateTargetResponse>(M2("CreateTarget"), Create(name))).Details.Id;

    private Owner InstanceOwner => new() { Type = OwnerType.Instance, Id = Server.Core.Instance.Id };

    [Fact]
    public async Task Targets_from_create_to_delete()
    {
        var before = DateTimeOffset.UtcNow;
        var created = await Owner.OkAsync<CreateTargetResponse>(M2("CreateTarget"), Create("resources"));
        Assert.Matches("^[0-9]+$", created.Details.Id);
        Assert.Equal(InstanceOwner, created.Details.Owner);
        Within(created.Details.Created, before, DateTimeOffset.UtcNow);
        Assert.Equal(created.Details.Created, created.Details.Changed);
        Assert.Matches("^[A-Za-z0-9]{36}$", created.SigningKey);

        var got = (await Viewer.OkAsync<GetTargetResponse>(M2("GetTarget"), new GetTargetRequest { Id = created.Details.Id })).Target;
        Assert.Equal(created.Details, got.Details);
        Assert.Equal(Create("resources").Target, got.Config);
        Assert.Equal(created.SigningKey, got.SigningKey);

        var patched = await Owner.OkAsync<PatchTargetResponse>(M2("PatchTarget"), new PatchTargetRequest
        {
            Id = created.Details.Id,
            Target = new PatchTarget { Name = "patched", Endpoint = "https://example.com/patched", ExpirationSigningKey = new Duration() },
        });
        Assert.Equal(created.Details.Created, patched.Details.Created);
        Assert.True(patched.Details.Changed.ToDateTimeOffset() > created.Details.Changed.ToDateTimeOffset());
        Assert.True(patched.HasSigningKey);
        Assert.NotEqual(created.SigningKey, patched.SigningKey);
        got = (await Owner.OkAsync<GetTargetResponse>(M2("GetTarget"), new GetTargetRequest { Id = created.Details.Id })).Target;
        Assert.Equal("patched", got.Config.Name);
        Assert.Equal(patched.SigningKey, got.SigningKey);
        var unchanged = await Owner.OkAsync<PatchTargetResponse>(M2("PatchTarget"), new PatchTargetRequest { Id = created.Details.Id, Target = new PatchTarget { Name = "patched" } });
        Assert.Equal(patched.Details, unchanged.Details);
        Assert.False(unchanged.HasSigningKey);

        var deleted = await Owner.OkAsync<DeleteTargetResponse>(M2("DeleteTarget"), new DeleteTargetRequest { Id = created.Details.Id });
        Assert.Equal(created.Details.Id, deleted.Details.Id);
        AssertError(await Call<DeleteTargetResponse>(Owner, M2("DeleteTarget"), new DeleteTargetRequest { Id = created.Details.Id }), 5);
        AssertError(await Call<GetTargetResponse>(Owner, M2("GetTarget"), new GetTargetRequest { Id = created.Details.Id }), 5, "QUERY-hj5oaniyrz");
    }

    [Fact]
    public async Task Targets_follow_this_generations_rules()
    {
        async Task Invalid<T>(string method, Google.Protobuf.IMessage request, string message) where T : class, Google.Protobuf.IMessage
        {
            var result = await Call<T>(Owner, M2(method), request);
            AssertError(result, 3);
            Assert.Equal(message + " (VALIDATE-rules)", result.Message);
        }
        await Invalid<CreateTargetResponse>("CreateTarget", new CreateTargetRequest(), "invalid CreateTargetRequest.Target: value is required");
        await Invalid<CreateTargetResponse>("CreateTarget", new CreateTargetRequest { Target = new Target(Create("x").Target) { Name = new string('n', 1001) } },
            "invalid CreateTargetRequest.Target: embedded message failed validation | caused by: invalid Target.Name: value length must be between 1 and 1000 runes, inclusive");
        await Invalid<CreateTargetResponse>("CreateTarget", new CreateTargetRequest { Target = new Target(Create("x").Target) { Endpoint = "https://example.com/" + new string('a', 1000) } },
            "invalid CreateTargetRequest.Target: embedded message failed validation | caused by: invalid Target.Endpoint: value length must be between 1 and 1000 runes, inclusive");
        await Invalid<PatchTargetResponse>("PatchTarget", new PatchTargetRequest { Id = "1", Target = new PatchTarget { ExpirationSigningKey = Secs(1) } },
            "invalid PatchTargetRequest.Target: embedded message failed validation | caused by: invalid PatchTarget.ExpirationSigningKey: value must equal 0s");
        await Invalid<SearchTargetsResponse>("SearchTargets", new SearchTargetsRequest
        {
            Filters = { new TargetSearchFilter { TargetNameFilter = new TargetNameFilter { TargetName = "x", Method = (TextFilterMethod)6 } } },
        }, "invalid SearchTargetsRequest.Filters[0]: embedded message failed validation | caused by: invalid TargetSearchFilter.TargetNameFilter: embedded message failed validation | caused by: invalid TargetNameFilter.Method: value must be one of the defined enum values");
        var noTimeout = await Call<CreateTargetResponse>(Owner, M2("CreateTarget"), new CreateTargetRequest { Target = new Target(Create("x").Target) { Timeout = null } });
        AssertError(noTimeout, 3, "COMMAND-39f35d8uri");
        AssertError(await Call<CreateTargetResponse>(OrgOwner, M2("CreateTarget"), Create("x")), 7);
    }

    [Fact]
    public async Task SearchTargets_pages_ascending_by_creation_unless_told()
    {
        var ids = new[] { await CreateAsync("search-b"), await CreateAsync("search-a"), await CreateAsync("search-c") };
        var all = await Owner.OkAsync<SearchTargetsResponse>(M2("SearchTargets"), new SearchTargetsRequest());
        Assert.Equal(ids, all.Result.Select(t => t.Details.Id));
        Assert.Equal(100UL, all.Details.AppliedLimit);
        Assert.Equal(3UL, all.Details.TotalResult);

        var page = await Owner.OkAsync<SearchTargetsResponse>(M2("SearchTargets"), new SearchTargetsRequest
        {
            Query = new SearchQuery { Limit = 2, Desc = true },
            SortingColumn = TargetFieldName.Name,
            Filters = { new TargetSearchFilter { TargetNameFilter = new TargetNameFilter { TargetName = "search-", Method = TextFilterMethod.StartsWith } } },
        });
        Assert.Equal(["search-c", "search-b"], page.Result.Select(t => t.Config.Name));
        Assert.Equal(2UL, page.Details.AppliedLimit);

        var byIds = await Owner.OkAsync<SearchTargetsResponse>(M2("SearchTargets"), new SearchTargetsRequest
        {
            Filters = { new TargetSearchFilter { InTargetIdsFilter = new InTargetIDsFilter { TargetIds = { ids[2] } } } },
        });
        Assert.Equal(ids[2], Assert.Single(byIds.Result).Details.Id);
        AssertError(await Call<SearchTargetsResponse>(Owner, M2("SearchTargets"), new SearchTargetsRequest { Query = new SearchQuery { Limit = 1001 } }), 3, "QUERY-4M0fs");
    }

    private static Zitadel.Resources.Action.V3Alpha.Condition All() => new() { Request = new RequestExecution { All = true } };

    [Fact]
    public async Task Executions_with_targets_and_includes()
    {
        // These executions catch this test's own calls: an async target never delays or fails them.
        var target = (await Owner.OkAsync<CreateTargetResponse>(M2("CreateTarget"), new CreateTargetRequest
        {
            Target = new Target { Name = "exec", RestAsync = new SetRESTAsync(), Timeout = Secs(1), Endpoint = "http://127.0.0.1:9/discard" },
        })).Details.Id;
        var all = All();
        var method = new Zitadel.Resources.Action.V3Alpha.Condition { Response = new ResponseExecution { Method = "/zitadel.action.v2.ActionService/GetTarget" } };
        var set = await Owner.OkAsync<SetExecutionResponse>(M2("SetExecution"), new SetExecutionRequest
        {
            Condition = all, Execution = new Execution { Targets = { new ExecutionTargetType { Target = target } } },
        });
        Assert.Equal("request", set.Details.Id);
        Assert.Equal(InstanceOwner, set.Details.Owner);
        var entries = new[] { new ExecutionTargetType { Target = target }, new ExecutionTargetType { Include = all } };
        var second = await Owner.OkAsync<SetExecutionResponse>(M2("SetExecution"), new SetExecutionRequest { Condition = method, Execution = new Execution { Targets = { entries } } });
        Assert.Equal("response/zitadel.action.v2.ActionService/GetTarget", second.Details.Id);

        var found = await Viewer.OkAsync<SearchExecutionsResponse>(M2("SearchExecutions"), new SearchExecutionsRequest
        {
            Filters = { new ExecutionSearchFilter { IncludeFilter = new IncludeFilter { Include = all } } },
        });
        var execution = Assert.Single(found.Result);
        Assert.Equal(method, execution.Condition);
        Assert.Equal(second.Details, execution.Details);
        Assert.Equal(entries, execution.Execution.Targets);

        var byKind = await Owner.OkAsync<SearchExecutionsResponse>(M2("SearchExecutions"), new SearchExecutionsRequest
        {
            Filters = { new ExecutionSearchFilter { ExecutionTypeFilter = new ExecutionTypeFilter { ExecutionType = ExecutionType.Request } } },
        });
        Assert.Equal(all, Assert.Single(byKind.Result).Condition);

        // An empty list clears an execution; the same list twice writes nothing.
        var again = await Owner.OkAsync<SetExecutionResponse>(M2("SetExecution"), new SetExecutionRequest { Condition = method, Execution = new Execution { Targets = { entries } } });
        Assert.Equal(second.Details, again.Details);
        await Owner.OkAsync<SetExecutionResponse>(M2("SetExecution"), new SetExecutionRequest { Condition = method, Execution = new Execution() });
        var left = await Owner.OkAsync<SearchExecutionsResponse>(M2("SearchExecutions"), new SearchExecutionsRequest());
        Assert.Equal(all, Assert.Single(left.Result).Condition);

        AssertError(await Call<SetExecutionResponse>(Owner, M2("SetExecution"), new SetExecutionRequest { Execution = new Execution() }), 3, "ACTION-5r5Ju");
        AssertError(await Call<SetExecutionResponse>(Owner, M2("SetExecution"), new SetExecutionRequest
        {
            Condition = all, Execution = new Execution { Targets = { new ExecutionTargetType() } },
        }), 3);
        AssertError(await Call<SetExecutionResponse>(OrgOwner, M2("SetExecution"), new SetExecutionRequest { Condition = all, Execution = new Execution() }), 7);
    }

    [Fact]
    public async Task Catalog_is_open_to_any_authenticated_caller()
    {
        var services = await OrgOwner.OkAsync<ListExecutionServicesResponse>(M2("ListExecutionServices"), new ListExecutionServicesRequest());
        Assert.Equal(["hookgate.delivery.v1.DeliveryService", "zitadel.action.v2.ActionService", "zitadel.action.v2beta.ActionService", "zitadel.action.v3alpha.ActionService", "zitadel.resources.action.v3alpha.ZITADELActions"],
            services.Services);
        var functions = await OrgOwner.OkAsync<ListExecutionFunctionsResponse>(M2("ListExecutionFunctions"), new ListExecutionFunctionsRequest());
        Assert.Equal(["preuserinfo", "preaccesstoken", "presamlresponse"], functions.Functions);
        var methods = await OrgOwner.OkAsync<ListExecutionMethodsResponse>(M2("ListExecutionMethods"), new ListExecutionMethodsRequest());
        Assert.Contains("/zitadel.resources.action.v3alpha.ZITADELActions/PatchTarget", methods.Methods);
    }
}

public sealed class ResourcesGenerationOverRest() : ResourcesGenerationScenarios(Transport.Rest);

public sealed class ResourcesGenerationOverGrpc() : ResourcesGenerationScenarios(Transport.Grpc);
