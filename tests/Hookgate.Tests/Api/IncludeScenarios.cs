using Google.Protobuf;
using Hookgate.Tests.Infrastructure;
using G1 = Zitadel.Action.V3Alpha;
using G2 = Zitadel.Resources.Action.V3Alpha;

namespace Hookgate.Tests.Api;

/// <summary>
/// Includes (reference §1.4 and §5.10): existence, self-includes, cycles and depth, with ZITADEL's IDs, in both
/// generations that can express them. The rules live in the core, so each generation only maps its shapes here.
/// </summary>
public abstract class IncludeScenarios(Transport transport) : ApiTestBase(transport)
{
    protected const string Session = "zitadel.action.v2.ActionService";

    /// <summary>
    /// Sets an execution to a list of entries: "target:ID" or "include:which". Executions are named: "all",
    /// "service" and "method" (request conditions on Session) and "response" (all responses).
    /// </summary>
    protected abstract Task<RpcResult<IMessage>> SetAsync(string which, params string[] entries);

    /// <summary>The entries the generation lists for an execution, in the same "target:"/"include:" notation.</summary>
    protected abstract Task<IReadOnlyList<string>> EntriesAsync(string which);

    [Fact]
    public async Task Includes_of_the_reference_scenario()
    {
        var target = (await CreateTargetAsync()).Id;
        Assert.True((await SetAsync("all", $"target:{target}")).Ok);
        Assert.True((await SetAsync("service", "include:all")).Ok);
        Assert.True((await SetAsync("method", "include:service")).Ok);
        Assert.Equal(["include:service"], await EntriesAsync("method"));

        // "method, circular error": service → method → service.
        AssertError(await SetAsync("service", "include:method"), 9, "COMMAND-iuch02i656");
        // "method, ok" and "service, ok".
        Assert.True((await SetAsync("method", "include:all")).Ok);
        Assert.True((await SetAsync("service", "include:all", $"target:{target}")).Ok);
        Assert.Equal(["include:all", $"target:{target}"], await EntriesAsync("service"));
    }

    [Fact]
    public async Task Self_includes_cycles_depth_and_missing_includes_are_refused()
    {
        var target = (await CreateTargetAsync()).Id;
        // Existence comes first (as upstream): including an execution that is not set, even itself, is NotFound.
        AssertError(await SetAsync("all", "include:all"), 5, "COMMAND-slgj0l4cdz");
        AssertError(await SetAsync("all", "include:service"), 5, "COMMAND-slgj0l4cdz");

        // all → target; service → all; method → service: method is two levels above all.
        Assert.True((await SetAsync("all", $"target:{target}")).Ok);
        AssertError(await SetAsync("all", "include:all"), 9, "COMMAND-mo1cmjp5k7");
        Assert.True((await SetAsync("service", "include:all")).Ok);
        Assert.True((await SetAsync("method", "include:service")).Ok);
        // Closing the loop at the bottom is a cycle.
        AssertError(await SetAsync("all", "include:method"), 9, "COMMAND-iuch02i656");
        var error = await SetAsync("all", "include:method");
        Assert.Contains("circular include", error.Message);
        // Nothing was written by the refused calls.
        Assert.Equal([$"target:{target}"], await EntriesAsync("all"));
    }

    [Fact]
    public async Task Includes_nest_at_most_three_levels()
    {
        // Four executions, each including the next: request method → service → all → response all.
        var target = (await CreateTargetAsync()).Id;
        Assert.True((await SetAsync("response", $"target:{target}")).Ok);
        Assert.True((await SetAsync("all", "include:response")).Ok);
        Assert.True((await SetAsync("service", "include:all")).Ok);
        AssertError(await SetAsync("method", "include:service"), 9, "COMMAND-gbhd3g57oo");
        Assert.True((await SetAsync("method", "include:all")).Ok);
    }
}

public sealed class FirstGenerationIncludes() : IncludeScenarios(Transport.Rest)
{
    private static G1.Condition Of(string which) => which switch
    {
        "all" => new G1.Condition { Request = new G1.RequestExecution { All = true } },
        "method" => new G1.Condition { Request = new G1.RequestExecution { Method = $"/{Session}/GetTarget" } },
        "response" => new G1.Condition { Response = new G1.ResponseExecution { All = true } },
        _ => new G1.Condition { Request = new G1.RequestExecution { Service = Session } },
    };

    protected override Task<RpcResult<IMessage>> SetAsync(string which, params string[] entries) =>
        Call<IMessage>(Owner, M1("SetExecution"), new G1.SetExecutionRequest { Condition = Of(which), Targets = { entries.Select(Entry) } });

    private static G1.ExecutionTargetType Entry(string entry) => entry.Split(':') switch
    {
        ["target", var id] => new G1.ExecutionTargetType { Target = id },
        [_, var which] => new G1.ExecutionTargetType { Include = Of(which) },
        _ => throw new ArgumentException(entry),
    };

    protected override async Task<IReadOnlyList<string>> EntriesAsync(string which)
    {
        var listed = await Owner.OkAsync<G1.ListExecutionsResponse>(M1("ListExecutions"), new G1.ListExecutionsRequest
        {
            Queries = { new G1.SearchQuery { InConditionsQuery = new G1.InConditionsQuery { Conditions = { Of(which) } } } },
        });
        return Assert.Single(listed.Result).Targets
            .Select(t => t.TypeCase == G1.ExecutionTargetType.TypeOneofCase.Target ? $"target:{t.Target}" : $"include:{Name(t.Include)}").ToArray();
    }

    private static string Name(G1.Condition condition) =>
        condition.Response is not null ? "response" : condition.Request.ConditionCase switch
        {
            G1.RequestExecution.ConditionOneofCase.All => "all",
            G1.RequestExecution.ConditionOneofCase.Method => "method",
            _ => "service",
        };
}

public sealed class ResourcesGenerationIncludes() : IncludeScenarios(Transport.Grpc)
{
    private static G2.Condition Of(string which) => which switch
    {
        "all" => new G2.Condition { Request = new G2.RequestExecution { All = true } },
        "method" => new G2.Condition { Request = new G2.RequestExecution { Method = $"/{Session}/GetTarget" } },
        "response" => new G2.Condition { Response = new G2.ResponseExecution { All = true } },
        _ => new G2.Condition { Request = new G2.RequestExecution { Service = Session } },
    };

    protected override Task<RpcResult<IMessage>> SetAsync(string which, params string[] entries) =>
        Call<IMessage>(Owner, M2("SetExecution"), new G2.SetExecutionRequest { Condition = Of(which), Execution = new G2.Execution { Targets = { entries.Select(Entry) } } });

    private static G2.ExecutionTargetType Entry(string entry) => entry.Split(':') switch
    {
        ["target", var id] => new G2.ExecutionTargetType { Target = id },
        [_, var which] => new G2.ExecutionTargetType { Include = Of(which) },
        _ => throw new ArgumentException(entry),
    };

    protected override async Task<IReadOnlyList<string>> EntriesAsync(string which)
    {
        var found = await Owner.OkAsync<G2.SearchExecutionsResponse>(M2("SearchExecutions"), new G2.SearchExecutionsRequest
        {
            Filters = { new G2.ExecutionSearchFilter { InConditionsFilter = new G2.InConditionsFilter { Conditions = { Of(which) } } } },
        });
        return Assert.Single(found.Result).Execution.Targets
            .Select(t => t.TypeCase == G2.ExecutionTargetType.TypeOneofCase.Target ? $"target:{t.Target}" : $"include:{Name(t.Include)}").ToArray();
    }

    private static string Name(G2.Condition condition) =>
        condition.Response is not null ? "response" : condition.Request.ConditionCase switch
        {
            G2.RequestExecution.ConditionOneofCase.All => "all",
            G2.RequestExecution.ConditionOneofCase.Method => "method",
            _ => "service",
        };
}
