using Google.Protobuf.WellKnownTypes;
using Hookgate.Tests.Infrastructure;
using G1 = Zitadel.Action.V3Alpha;
using G2 = Zitadel.Resources.Action.V3Alpha;
using V2 = Zitadel.Action.V2;

namespace Hookgate.Tests.Api;

/// <summary>Every generation reads and writes the same targets and executions.</summary>
public sealed class CrossGenerationTests() : ApiTestBase(Transport.Rest)
{
    private static Duration Secs(int s) => Duration.FromTimeSpan(TimeSpan.FromSeconds(s));

    private async Task<(V2.Target V2, G1.Target G1, G2.GetTarget G2)> ReadEverywhereAsync(string id) => (
        (await Owner.OkAsync<V2.GetTargetResponse>(M("GetTarget"), new V2.GetTargetRequest { Id = id })).Target,
        (await Owner.OkAsync<G1.GetTargetByIDResponse>(M1("GetTargetByID"), new G1.GetTargetByIDRequest { TargetId = id })).Target,
        (await Owner.OkAsync<G2.GetTargetResponse>(M2("GetTarget"), new G2.GetTargetRequest { Id = id })).Target);

    [Fact]
    public async Task A_target_created_in_any_generation_reads_the_same_in_all()
    {
        var fromG1 = await Owner.OkAsync<G1.CreateTargetResponse>(M1("CreateTarget"), new G1.CreateTargetRequest
        {
            Name = "from-g1", RestCall = new G1.SetRESTCall { InterruptOnError = true }, Timeout = Secs(7), Endpoint = "https://example.com/g1",
        });
        var fromV2 = await Owner.OkAsync<V2.CreateTargetResponse>(M("CreateTarget"), new V2.CreateTargetRequest
        {
            Name = "from-v2", RestCall = new V2.RESTCall { InterruptOnError = true }, Timeout = Secs(7), Endpoint = "https://example.com/v2",
        });
        var fromG2 = await Owner.OkAsync<G2.CreateTargetResponse>(M2("CreateTarget"), new G2.CreateTargetRequest
        {
            Target = new G2.Target { Name = "from-g2", RestCall = new G2.SetRESTCall { InterruptOnError = true }, Timeout = Secs(7), Endpoint = "https://example.com/g2" },
        });

        foreach (var (id, name) in new[] { (fromG1.Id, "from-g1"), (fromV2.Id, "from-v2"), (fromG2.Details.Id, "from-g2") })
        {
            var (v2, g1, g2) = await ReadEverywhereAsync(id);
            Assert.Equal([name, name, name], new[] { v2.Name, g1.Name, g2.Config.Name });
            Assert.True(v2.RestCall.InterruptOnError && g1.RestCall.InterruptOnError && g2.Config.RestCall.InterruptOnError);
            Assert.Equal([Secs(7), Secs(7), Secs(7)], new[] { v2.Timeout, g1.Timeout, g2.Config.Timeout });
            Assert.Equal(v2.SigningKey, g2.SigningKey);
            Assert.Equal(v2.ChangeDate, g1.Details.ChangeDate);
            Assert.Equal(v2.CreationDate, g2.Details.Created);
        }
        Assert.Equal(fromV2.SigningKey, (await ReadEverywhereAsync(fromV2.Id)).G2.SigningKey);
        Assert.Equal(fromG2.SigningKey, (await ReadEverywhereAsync(fromG2.Details.Id)).V2.SigningKey);

        // A change in one generation shows in the others.
        await Owner.OkAsync<G2.PatchTargetResponse>(M2("PatchTarget"), new G2.PatchTargetRequest { Id = fromG1.Id, Target = new G2.PatchTarget { Name = "patched-in-g2" } });
        Assert.Equal("patched-in-g2", (await ReadEverywhereAsync(fromG1.Id)).V2.Name);
        await Owner.OkAsync<G1.UpdateTargetResponse>(M1("UpdateTarget"), new G1.UpdateTargetRequest { TargetId = fromV2.Id, Endpoint = "https://example.com/updated-in-g1" });
        Assert.Equal("https://example.com/updated-in-g1", (await ReadEverywhereAsync(fromV2.Id)).G2.Config.Endpoint);

        Assert.Equal(3, (await Owner.OkAsync<V2.ListTargetsResponse>(M("ListTargets"), new V2.ListTargetsRequest())).Targets.Count);
        Assert.Equal(3, (await Owner.OkAsync<G1.ListTargetsResponse>(M1("ListTargets"), new G1.ListTargetsRequest())).Result.Count);
        Assert.Equal(3, (await Owner.OkAsync<G2.SearchTargetsResponse>(M2("SearchTargets"), new G2.SearchTargetsRequest())).Result.Count);
    }

    [Fact]
    public async Task Executions_are_shared_and_v2_shows_the_direct_targets()
    {
        var target = (await CreateTargetAsync()).Id;
        var v2All = new V2.Condition { Request = new V2.RequestExecution { All = true } };
        await Owner.OkAsync<V2.SetExecutionResponse>(M("SetExecution"), new V2.SetExecutionRequest { Condition = v2All, Targets = { target } });

        var g1All = new G1.Condition { Request = new G1.RequestExecution { All = true } };
        var g1Service = new G1.Condition { Request = new G1.RequestExecution { Service = "zitadel.action.v2.ActionService" } };
        var g1Method = new G1.Condition { Request = new G1.RequestExecution { Method = "/zitadel.action.v2.ActionService/GetTarget" } };
        await Owner.OkAsync<G1.SetExecutionResponse>(M1("SetExecution"), new G1.SetExecutionRequest
        {
            Condition = g1Service, Targets = { new G1.ExecutionTargetType { Include = g1All }, new G1.ExecutionTargetType { Target = target } },
        });
        await Owner.OkAsync<G1.SetExecutionResponse>(M1("SetExecution"), new G1.SetExecutionRequest
        {
            Condition = g1Method, Targets = { new G1.ExecutionTargetType { Include = g1Service } },
        });

        var g2 = await Owner.OkAsync<G2.SearchExecutionsResponse>(M2("SearchExecutions"), new G2.SearchExecutionsRequest());
        Assert.Equal(3, g2.Result.Count);

        // v2 cannot express includes: it lists the direct targets, and an execution with only includes not at all.
        var v2 = await Owner.OkAsync<V2.ListExecutionsResponse>(M("ListExecutions"), new V2.ListExecutionsRequest());
        Assert.Equal(2, v2.Executions.Count);
        var service = Assert.Single(v2.Executions, e => e.Condition.Request.Service == "zitadel.action.v2.ActionService");
        Assert.Equal([target], service.Targets);
        Assert.Equal(v2All, Assert.Single(v2.Executions, e => e.Condition.Request.All).Condition);
    }
}
