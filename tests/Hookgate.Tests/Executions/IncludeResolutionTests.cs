using Hookgate.Executions;
using Hookgate.Tests.Api;
using Hookgate.Tests.Infrastructure;
using G1 = Zitadel.Action.V3Alpha;

namespace Hookgate.Tests.Executions;

/// <summary>Includes are dissolved in place, in order, recursively, from the current state of every execution.</summary>
public sealed class IncludeResolutionTests() : ApiTestBase(Transport.Rest)
{
    private static G1.Condition Request(string? service = null, string? method = null) => new()
    {
        Request = service is not null ? new G1.RequestExecution { Service = service } : method is not null ? new G1.RequestExecution { Method = method } : new G1.RequestExecution { All = true },
    };

    private Task Set(G1.Condition condition, params G1.ExecutionTargetType[] entries) =>
        Owner.OkAsync<G1.SetExecutionResponse>(M1("SetExecution"), new G1.SetExecutionRequest { Condition = condition, Targets = { entries } });

    private static G1.ExecutionTargetType T(string id) => new() { Target = id };
    private static G1.ExecutionTargetType I(G1.Condition condition) => new() { Include = condition };

    private async Task<IReadOnlyList<string>> ResolveAsync(G1.Condition condition)
    {
        var graph = await Server.Core.ExecutionQueries.EntriesByExecutionAsync(Server.Core.Instance.Id, CancellationToken.None);
        return IncludeResolver.Resolve(Hookgate.Api.WireCast.ToCondition(condition).Id, graph);
    }

    [Fact]
    public async Task Included_targets_run_in_place_and_follow_changes()
    {
        var t = new string[6];
        for (var i = 1; i < t.Length; i++)
        {
            t[i] = (await CreateTargetAsync(name: $"t{i}")).Id;
        }
        var all = Request();
        var service = Request(service: "zitadel.action.v2.ActionService");
        var method = Request(method: "/zitadel.action.v2.ActionService/GetTarget");
        await Set(all, T(t[1]));
        await Set(service, I(all), T(t[2]));
        await Set(method, T(t[3]), I(service), T(t[4]));
        Assert.Equal([t[3], t[1], t[2], t[4]], await ResolveAsync(method));

        // A change to an included execution reaches every execution that includes it.
        await Set(all, T(t[5]), T(t[1]));
        Assert.Equal([t[3], t[5], t[1], t[2], t[4]], await ResolveAsync(method));
        Assert.Equal([t[5], t[1], t[2]], await ResolveAsync(service));

        // A removed target leaves every list; a removed execution includes nothing.
        await Owner.OkAsync<Zitadel.Action.V2.DeleteTargetResponse>(M("DeleteTarget"), new Zitadel.Action.V2.DeleteTargetRequest { Id = t[2] });
        Assert.Equal([t[3], t[5], t[1], t[4]], await ResolveAsync(method));
        await Owner.OkAsync<G1.DeleteExecutionResponse>(M1("DeleteExecution"), new G1.DeleteExecutionRequest { Condition = all });
        Assert.Equal([t[3], t[4]], await ResolveAsync(method));
    }

    [Fact]
    public void A_damaged_graph_with_a_cycle_still_resolves()
    {
        var a = new Condition(ExecutionKind.Request, ConditionScope.All);
        var b = new Condition(ExecutionKind.Response, ConditionScope.All);
        var graph = new Dictionary<string, IReadOnlyList<ExecutionEntry>>
        {
            [a.Id] = [ExecutionEntry.Target("1"), new ExecutionEntry(null, b)],
            [b.Id] = [ExecutionEntry.Target("2"), new ExecutionEntry(null, a)],
        };
        Assert.Equal(["1", "2"], IncludeResolver.Resolve(a.Id, graph));
    }
}
