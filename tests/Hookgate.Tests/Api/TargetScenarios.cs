using Google.Protobuf.WellKnownTypes;
using Hookgate.Tests.Infrastructure;
using Zitadel.Action.V2;
using Zitadel.Filter.V2;

namespace Hookgate.Tests.Api;

/// <summary>ZITADEL's integration scenarios for targets (reference §5.1–§5.3 and §5.6), run over each transport.</summary>
public abstract class TargetScenarios(Transport transport) : ApiTestBase(transport)
{
    private static CreateTargetRequest Webhook(string name, string endpoint = "https://example.com", int timeout = 10) =>
        new() { Name = name, RestWebhook = new RESTWebhook(), Endpoint = endpoint, Timeout = Seconds(timeout) };

    [Fact]
    public async Task CreateTarget_rejects_bad_requests_and_org_owners()
    {
        AssertError(await As<CreateTargetResponse>(OrgOwner, "CreateTarget", Webhook("x")), 7, "AUTH-5mWD2");
        AssertError(await As<CreateTargetResponse>(Owner, "CreateTarget", Webhook("")), 3);
        AssertError(await As<CreateTargetResponse>(Owner, "CreateTarget", new CreateTargetRequest { Name = "no-type", Endpoint = "https://example.com", Timeout = Seconds(10) }), 3);
        AssertError(await As<CreateTargetResponse>(Owner, "CreateTarget", new CreateTargetRequest { Name = "no-url", RestWebhook = new RESTWebhook(), Timeout = Seconds(10) }), 3);
        AssertError(await As<CreateTargetResponse>(Owner, "CreateTarget", new CreateTargetRequest { Name = "no-url", RestCall = new RESTCall(), Timeout = Seconds(10) }), 3);
        AssertError(await As<CreateTargetResponse>(Owner, "CreateTarget", new CreateTargetRequest { Name = "no-timeout", RestWebhook = new RESTWebhook(), Endpoint = "https://example.com" }), 3, "COMMAND-39f35d8uri");
        AssertError(await As<CreateTargetResponse>(Owner, "CreateTarget", Webhook("bad-url", "not a url")), 3, "COMMAND-1r2k6qo6wg");
        AssertError(await As<CreateTargetResponse>(Owner, "CreateTarget", Webhook("slow", timeout: 271)), 3);
    }

    [Fact]
    public async Task CreateTarget_refuses_a_name_in_use()
    {
        await Owner.OkAsync<CreateTargetResponse>(M("CreateTarget"), new CreateTargetRequest { Name = "taken", RestAsync = new RESTAsync(), Endpoint = "https://example.com", Timeout = Seconds(10) });
        var duplicate = await As<CreateTargetResponse>(Owner, "CreateTarget", new CreateTargetRequest { Name = "taken", RestAsync = new RESTAsync(), Endpoint = "https://example.com", Timeout = Seconds(10) });
        AssertError(duplicate, 6, "V3-DKcYh");
    }

    [Theory]
    [InlineData("async", false)]
    [InlineData("webhook", false)]
    [InlineData("webhook", true)]
    [InlineData("call", false)]
    [InlineData("call", true)]
    public async Task CreateTarget_returns_id_date_and_signing_key(string type, bool interrupt)
    {
        var before = DateTimeOffset.UtcNow;
        var created = await CreateTargetAsync(type: type, interrupt: interrupt);
        var after = DateTimeOffset.UtcNow;
        Assert.Matches("^[0-9]+$", created.Id);
        Within(created.CreationDate, before, after);
        Assert.Matches("^[A-Za-z0-9]{36}$", created.SigningKey);

        var target = (await Owner.OkAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = created.Id })).Target;
        Assert.Equal(created.Id, target.Id);
        Assert.Equal(created.SigningKey, target.SigningKey);
        Assert.Equal(created.CreationDate, target.CreationDate);
        Assert.Equal(created.CreationDate, target.ChangeDate);
        Assert.Equal(Seconds(5), target.Timeout);
        Assert.Equal("https://example.com", target.Endpoint);
        Assert.Equal(PayloadType.Json, target.PayloadType);
        switch (type)
        {
            case "webhook": Assert.Equal(interrupt, target.RestWebhook.InterruptOnError); break;
            case "call": Assert.Equal(interrupt, target.RestCall.InterruptOnError); break;
            default: Assert.NotNull(target.RestAsync); break;
        }
    }

    [Fact]
    public async Task UpdateTarget_scenarios()
    {
        var created = await CreateTargetAsync(type: "webhook");
        AssertError(await As<UpdateTargetResponse>(OrgOwner, "UpdateTarget", new UpdateTargetRequest { Id = created.Id, Name = "x" }), 7);
        AssertError(await As<UpdateTargetResponse>(Owner, "UpdateTarget", new UpdateTargetRequest { Id = "notexisting", Name = "x" }), 5, "COMMAND-xj14f2cccn");

        // No change: nothing written, the last change date comes back, no key.
        var unchanged = await Owner.OkAsync<UpdateTargetResponse>(M("UpdateTarget"), new UpdateTargetRequest { Id = created.Id, Endpoint = "https://example.com" });
        Assert.Equal(created.CreationDate, unchanged.ChangeDate);
        Assert.False(unchanged.HasSigningKey);

        var changes = new (string Name, UpdateTargetRequest Request, Action<Target> Check)[]
        {
            ("name", new() { Id = created.Id, Name = "renamed-" + created.Id }, t => Assert.Equal("renamed-" + created.Id, t.Name)),
            ("type", new() { Id = created.Id, RestCall = new RESTCall { InterruptOnError = true } }, t => Assert.True(t.RestCall.InterruptOnError)),
            ("url", new() { Id = created.Id, Endpoint = "https://example.com/hooks/new" }, t => Assert.Equal("https://example.com/hooks/new", t.Endpoint)),
            ("timeout", new() { Id = created.Id, Timeout = Seconds(20) }, t => Assert.Equal(Seconds(20), t.Timeout)),
            ("payload", new() { Id = created.Id, PayloadType = PayloadType.Jwt }, t => Assert.Equal(PayloadType.Jwt, t.PayloadType)),
            ("async", new() { Id = created.Id, RestAsync = new RESTAsync() }, t => Assert.NotNull(t.RestAsync)),
        };
        foreach (var (_, request, check) in changes)
        {
            var before = DateTimeOffset.UtcNow;
            var updated = await Owner.OkAsync<UpdateTargetResponse>(M("UpdateTarget"), request);
            Within(updated.ChangeDate, before, DateTimeOffset.UtcNow);
            Assert.False(updated.HasSigningKey);
            var target = (await Owner.OkAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = created.Id })).Target;
            check(target);
            Assert.Equal(updated.ChangeDate, target.ChangeDate);
        }

        var regenerated = await Owner.OkAsync<UpdateTargetResponse>(M("UpdateTarget"), new UpdateTargetRequest { Id = created.Id, ExpirationSigningKey = new Duration() });
        Assert.True(regenerated.HasSigningKey);
        Assert.Matches("^[A-Za-z0-9]{36}$", regenerated.SigningKey);
        Assert.NotEqual(created.SigningKey, regenerated.SigningKey);
        var after = (await Owner.OkAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = created.Id })).Target;
        Assert.Equal(regenerated.SigningKey, after.SigningKey);
    }

    [Fact]
    public async Task UpdateTarget_can_take_over_a_released_name_but_not_a_used_one()
    {
        var first = await CreateTargetAsync(name: "first");
        var second = await CreateTargetAsync(name: "second");
        AssertError(await As<UpdateTargetResponse>(Owner, "UpdateTarget", new UpdateTargetRequest { Id = second.Id, Name = "first" }), 6, "V3-DKcYh");
        await Owner.OkAsync<UpdateTargetResponse>(M("UpdateTarget"), new UpdateTargetRequest { Id = first.Id, Name = "third" });
        await Owner.OkAsync<UpdateTargetResponse>(M("UpdateTarget"), new UpdateTargetRequest { Id = second.Id, Name = "first" });
        await Owner.OkAsync<DeleteTargetResponse>(M("DeleteTarget"), new DeleteTargetRequest { Id = second.Id });
        await CreateTargetAsync(name: "first");
    }

    [Fact]
    public async Task DeleteTarget_scenarios()
    {
        var created = await CreateTargetAsync();
        AssertError(await As<DeleteTargetResponse>(OrgOwner, "DeleteTarget", new DeleteTargetRequest { Id = created.Id }), 7);
        AssertError(await As<DeleteTargetResponse>(Owner, "DeleteTarget", new DeleteTargetRequest { Id = "" }), EmptyPathParameterCode);

        var notExisting = await Owner.OkAsync<DeleteTargetResponse>(M("DeleteTarget"), new DeleteTargetRequest { Id = "notexisting" });
        Assert.Null(notExisting.DeletionDate);

        var before = DateTimeOffset.UtcNow;
        var deleted = await Owner.OkAsync<DeleteTargetResponse>(M("DeleteTarget"), new DeleteTargetRequest { Id = created.Id });
        Within(deleted.DeletionDate, before, DateTimeOffset.UtcNow);

        var again = await Owner.OkAsync<DeleteTargetResponse>(M("DeleteTarget"), new DeleteTargetRequest { Id = created.Id });
        Assert.Equal(deleted.DeletionDate, again.DeletionDate);
        AssertError(await As<GetTargetResponse>(Owner, "GetTarget", new GetTargetRequest { Id = created.Id }), 5, "QUERY-hj5oaniyrz");
    }

    [Fact]
    public async Task GetTarget_scenarios()
    {
        var created = await CreateTargetAsync();
        AssertError(await As<GetTargetResponse>(OrgOwner, "GetTarget", new GetTargetRequest { Id = created.Id }), 7);
        AssertError(await As<GetTargetResponse>(Owner, "GetTarget", new GetTargetRequest { Id = "notexisting" }), 5, "QUERY-hj5oaniyrz");
        var viewed = await Viewer.OkAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = created.Id });
        Assert.Equal(created.Id, viewed.Target.Id);
    }

    [Fact]
    public async Task ListTargets_scenarios()
    {
        AssertError(await As<ListTargetsResponse>(OrgOwner, "ListTargets", new ListTargetsRequest()), 7);

        var notFound = await Owner.OkAsync<ListTargetsResponse>(M("ListTargets"), IdsFilter("notfound"));
        Assert.Equal(0UL, notFound.Pagination.TotalResult);
        Assert.Equal(100UL, notFound.Pagination.AppliedLimit);
        Assert.Empty(notFound.Targets);

        var webhook = await CreateTargetAsync(name: "list-webhook", type: "webhook", payload: PayloadType.Json);
        var call = await CreateTargetAsync(name: "list-call", type: "call", interrupt: true, payload: PayloadType.Jwt);
        var async = await CreateTargetAsync(name: "list-async", type: "async", payload: PayloadType.Jwe);

        var single = await Owner.OkAsync<ListTargetsResponse>(M("ListTargets"), IdsFilter(webhook.Id));
        Assert.Equal(webhook.Id, Assert.Single(single.Targets).Id);
        Assert.Equal(1UL, single.Pagination.TotalResult);

        var byName = await Owner.OkAsync<ListTargetsResponse>(M("ListTargets"), new ListTargetsRequest
        {
            Filters = { new TargetSearchFilter { TargetNameFilter = new TargetNameFilter { TargetName = "list-call" } } },
        });
        Assert.Equal(call.Id, Assert.Single(byName.Targets).Id);

        // Newest first by default.
        var three = await Owner.OkAsync<ListTargetsResponse>(M("ListTargets"), IdsFilter(webhook.Id, call.Id, async.Id));
        Assert.Equal([async.Id, call.Id, webhook.Id], three.Targets.Select(t => t.Id));
        Assert.Equal(PayloadType.Jwe, three.Targets[0].PayloadType);
        Assert.True(three.Targets[1].RestCall.InterruptOnError);

        var ascending = await Owner.OkAsync<ListTargetsResponse>(M("ListTargets"), new ListTargetsRequest
        {
            Pagination = new PaginationRequest { Asc = true, Limit = 2, Offset = 1 },
            SortingColumn = TargetFieldName.Name,
            Filters = { new TargetSearchFilter { TargetNameFilter = new TargetNameFilter { TargetName = "LIST-", Method = TextFilterMethod.StartsWithIgnoreCase } } },
        });
        Assert.Equal(3UL, ascending.Pagination.TotalResult);
        Assert.Equal(2UL, ascending.Pagination.AppliedLimit);
        Assert.Equal(["list-call", "list-webhook"], ascending.Targets.Select(t => t.Name));

        var caseSensitive = await Owner.OkAsync<ListTargetsResponse>(M("ListTargets"), new ListTargetsRequest
        {
            Filters = { new TargetSearchFilter { TargetNameFilter = new TargetNameFilter { TargetName = "LIST-", Method = TextFilterMethod.StartsWith } } },
        });
        Assert.Empty(caseSensitive.Targets);

        var tooMany = await As<ListTargetsResponse>(Owner, "ListTargets", new ListTargetsRequest { Pagination = new PaginationRequest { Limit = 1001 } });
        AssertError(tooMany, 3, "QUERY-4M0fs");
    }

    private static ListTargetsRequest IdsFilter(params string[] ids) =>
        new() { Filters = { new TargetSearchFilter { InTargetIdsFilter = new InTargetIDsFilter { TargetIds = { ids } } } } };
}

public sealed class TargetScenariosOverRest() : TargetScenarios(Transport.Rest);

public sealed class TargetScenariosOverGrpc() : TargetScenarios(Transport.Grpc);
