using Hookgate.Tests.Infrastructure;
using Zitadel.Action.V2;
using Zitadel.Filter.V2;

namespace Hookgate.Tests.Api;

/// <summary>
/// ZITADEL's execution scenarios (reference §5.5 and §5.6). Event conditions name Hookgate's own event types
/// (target.added, …), because those are the events this server writes.
/// </summary>
public abstract class ExecutionScenarios(Transport transport) : ApiTestBase(transport)
{
    private const string Action = "zitadel.action.v2.ActionService";

    private static Condition Request(string? method = null, string? service = null) =>
        new() { Request = method is not null ? new RequestExecution { Method = method } : service is not null ? new RequestExecution { Service = service } : new RequestExecution { All = true } };

    private static Condition Response(string? method = null, string? service = null) =>
        new() { Response = method is not null ? new ResponseExecution { Method = method } : service is not null ? new ResponseExecution { Service = service } : new ResponseExecution { All = true } };

    private static Condition Event(string? type = null, string? group = null) =>
        new() { Event = type is not null ? new EventExecution { Event = type } : group is not null ? new EventExecution { Group = group } : new EventExecution { All = true } };

    private static Condition Function(string name) => new() { Function = new FunctionExecution { Name = name } };

    private Task<RpcResult<SetExecutionResponse>> Set(ApiClient client, Condition condition, params string[] targets) =>
        As<SetExecutionResponse>(client, "SetExecution", new SetExecutionRequest { Condition = condition, Targets = { targets } });

    private async Task<SetExecutionResponse> SetOk(Condition condition, params string[] targets) => (await Set(Owner, condition, targets)).Value;

    [Theory]
    [InlineData("request")]
    [InlineData("response")]
    public async Task SetExecution_on_requests_and_responses(string kind)
    {
        var target = (await CreateTargetAsync()).Id;
        Condition C(string? method = null, string? service = null) => kind == "request" ? Request(method, service) : Response(method, service);

        AssertError(await Set(OrgOwner, C(), target), 7);
        AssertError(await Set(Owner, kind == "request" ? new Condition { Request = new RequestExecution() } : new Condition { Response = new ResponseExecution() }, target), 3);
        AssertError(await Set(Owner, C(method: "/zitadel.session.v2.NotExistingService/List"), target), 5, "COMMAND-vysplsevt8");
        AssertError(await Set(Owner, C(method: $"{Action}/GetTarget"), target), 5, "COMMAND-vysplsevt8");
        AssertError(await Set(Owner, C(service: "NotExistingService"), target), 5, "COMMAND-qu6dfhiioq");

        foreach (var condition in new[] { C(method: $"/{Action}/GetTarget"), C(service: Action), C() })
        {
            var before = DateTimeOffset.UtcNow;
            Within((await SetOk(condition, target)).SetDate, before, DateTimeOffset.UtcNow);
            await SetOk(condition);
        }
    }

    [Fact]
    public async Task SetExecution_on_events()
    {
        var target = (await CreateTargetAsync()).Id;
        AssertError(await Set(OrgOwner, Event(), target), 7);
        AssertError(await Set(Owner, new Condition { Event = new EventExecution() }, target), 3);
        AssertError(await Set(Owner, Event(type: "target.notexisting"), target), 5, "COMMAND-74aaqj8fv9");
        AssertError(await Set(Owner, Event(group: "notexisting"), target), 5, "COMMAND-er5oneb5lz");
        foreach (var condition in new[] { Event(type: "target.added"), Event(group: "target"), Event(group: "target.key"), Event() })
        {
            await SetOk(condition, target);
            await SetOk(condition);
        }
    }

    [Fact]
    public async Task SetExecution_on_functions()
    {
        var target = (await CreateTargetAsync()).Id;
        AssertError(await Set(OrgOwner, Function("presamlresponse"), target), 7);
        AssertError(await Set(Owner, new Condition(), target), 3);
        AssertError(await Set(Owner, Function("xxx"), target), 5, "COMMAND-cdy39t0ksr");
        await SetOk(Function("presamlresponse"), target);
    }

    [Fact]
    public async Task SetExecution_checks_targets_and_writes_nothing_for_the_same_list()
    {
        var a = (await CreateTargetAsync()).Id;
        var b = (await CreateTargetAsync()).Id;
        var condition = Request(method: $"/{Action}/ListTargets");
        AssertError(await As<SetExecutionResponse>(Owner, "SetExecution", new SetExecutionRequest { Targets = { a } }), 3, "ACTION-5r5Ju");
        AssertError(await Set(Owner, condition, "notexisting"), 5, "COMMAND-17e8fq1ggk");
        AssertError(await Set(Owner, condition, a, a), 5, "COMMAND-17e8fq1ggk");

        var never = await SetOk(condition);
        Assert.Equal(DateTimeOffset.MinValue, never.SetDate.ToDateTimeOffset());

        var first = await SetOk(condition, b, a);
        var same = await SetOk(condition, b, a);
        Assert.Equal(first.SetDate, same.SetDate);
        var reordered = await SetOk(condition, a, b);
        Assert.True(reordered.SetDate.ToDateTimeOffset() >= first.SetDate.ToDateTimeOffset());

        var listed = await Owner.OkAsync<ListExecutionsResponse>(M("ListExecutions"), InConditions(condition));
        Assert.Equal([a, b], Assert.Single(listed.Executions).Targets);

        // A removed target leaves the execution; with none left the execution is no longer listed.
        await Owner.OkAsync<DeleteTargetResponse>(M("DeleteTarget"), new DeleteTargetRequest { Id = a });
        listed = await Owner.OkAsync<ListExecutionsResponse>(M("ListExecutions"), InConditions(condition));
        Assert.Equal([b], Assert.Single(listed.Executions).Targets);
        await Owner.OkAsync<DeleteTargetResponse>(M("DeleteTarget"), new DeleteTargetRequest { Id = b });
        listed = await Owner.OkAsync<ListExecutionsResponse>(M("ListExecutions"), InConditions(condition));
        Assert.Empty(listed.Executions);
    }

    [Fact]
    public async Task ListExecutions_scenarios()
    {
        AssertError(await As<ListExecutionsResponse>(OrgOwner, "ListExecutions", new ListExecutionsRequest()), 7);
        var target = (await CreateTargetAsync()).Id;
        var other = (await CreateTargetAsync()).Id;

        var single = Request(method: $"/{Action}/GetTarget");
        var set = await SetOk(single, target);
        var listed = Assert.Single((await Owner.OkAsync<ListExecutionsResponse>(M("ListExecutions"), InConditions(single))).Executions);
        Assert.Equal(set.SetDate, listed.CreationDate);
        Assert.Equal(set.SetDate, listed.ChangeDate);
        Assert.Equal(single, listed.Condition);

        await SetOk(Request(method: $"/{Action}/UpdateTarget"), other);
        var filtered = await Owner.OkAsync<ListExecutionsResponse>(M("ListExecutions"), new ListExecutionsRequest
        {
            Filters = { new ExecutionSearchFilter { TargetFilter = new TargetFilter { TargetId = other } } },
        });
        Assert.Equal($"/{Action}/UpdateTarget", Assert.Single(filtered.Executions).Condition.Request.Method);

        // Ten conditions of every type: newest first, or ID descending (slash-separated IDs, ordinal order).
        var conditions = new[]
        {
            Event(), Event(group: "target"), Event(type: "target.added"), Function("presamlresponse"),
            Request(), Request(service: Action), Request(method: $"/{Action}/ListExecutions"),
            Response(), Response(service: Action), Response(method: $"/{Action}/ListExecutions"),
        };
        foreach (var condition in conditions)
        {
            await SetOk(condition, target);
        }
        var byCreation = await Owner.OkAsync<ListExecutionsResponse>(M("ListExecutions"), InConditions(conditions));
        Assert.Equal(conditions.Reverse(), byCreation.Executions.Select(e => e.Condition));

        var byId = await Owner.OkAsync<ListExecutionsResponse>(M("ListExecutions"), new ListExecutionsRequest
        {
            SortingColumn = ExecutionFieldName.Id,
            Filters = { new ExecutionSearchFilter { InConditionsFilter = new InConditionsFilter { Conditions = { conditions } } } },
        });
        Assert.Equal(new[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 }.Select(i => conditions[i]), byId.Executions.Select(e => e.Condition));

        var requests = await Owner.OkAsync<ListExecutionsResponse>(M("ListExecutions"), new ListExecutionsRequest
        {
            Pagination = new PaginationRequest { Limit = 2 },
            Filters = { new ExecutionSearchFilter { ExecutionTypeFilter = new ExecutionTypeFilter { ExecutionType = ExecutionType.Request } } },
        });
        Assert.Equal(5UL, requests.Pagination.TotalResult);
        Assert.Equal(2, requests.Executions.Count);
        Assert.All(requests.Executions, e => Assert.NotNull(e.Condition.Request));
    }

    [Fact]
    public async Task Method_without_leading_slash_is_not_found_but_lists_with_it()
    {
        var target = (await CreateTargetAsync()).Id;
        AssertError(await Set(Owner, Request(method: $"{Action}/GetTarget"), target), 5);
        await SetOk(Event(group: "target.*"), target);
        var listed = await Owner.OkAsync<ListExecutionsResponse>(M("ListExecutions"), InConditions(Event(group: "target")));
        Assert.Equal("target", Assert.Single(listed.Executions).Condition.Event.Group);
    }

    [Fact]
    public async Task Catalog_lists_functions_methods_and_services_for_any_authenticated_caller()
    {
        foreach (var client in new[] { Owner, Viewer, OrgOwner })
        {
            var functions = await client.OkAsync<ListExecutionFunctionsResponse>(M("ListExecutionFunctions"), new ListExecutionFunctionsRequest());
            Assert.Equal(["preuserinfo", "preaccesstoken", "presamlresponse"], functions.Functions);
            var methods = await client.OkAsync<ListExecutionMethodsResponse>(M("ListExecutionMethods"), new ListExecutionMethodsRequest());
            Assert.Contains($"/{Action}/CreateTarget", methods.Methods);
            Assert.Contains("/zitadel.action.v2beta.ActionService/CreateTarget", methods.Methods);
            Assert.Equal(methods.Methods.Order(StringComparer.Ordinal), methods.Methods);
            var services = await client.OkAsync<ListExecutionServicesResponse>(M("ListExecutionServices"), new ListExecutionServicesRequest());
            Assert.Equal(["hookgate.delivery.v1.DeliveryService", "zitadel.action.v2.ActionService", "zitadel.action.v2beta.ActionService", "zitadel.action.v3alpha.ActionService", "zitadel.resources.action.v3alpha.ZITADELActions"],
                services.Services);
        }
        AssertError(await As<ListExecutionFunctionsResponse>(Client(null), "ListExecutionFunctions", new ListExecutionFunctionsRequest()), 16);
    }

    private static ListExecutionsRequest InConditions(params Condition[] conditions) =>
        new() { Filters = { new ExecutionSearchFilter { InConditionsFilter = new InConditionsFilter { Conditions = { conditions } } } } };
}

public sealed class ExecutionScenariosOverRest() : ExecutionScenarios(Transport.Rest);

public sealed class ExecutionScenariosOverGrpc() : ExecutionScenarios(Transport.Grpc);
