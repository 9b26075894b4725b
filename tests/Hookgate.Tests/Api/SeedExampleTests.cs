using System.Text.Json;
using Hookgate.Tests.Infrastructure;

namespace Hookgate.Tests.Api;

/// <summary>
/// The examples of the mission's seed pages (../shared/seeds), kept as the pages write them, with only the
/// host and token filled in, run as a user would run them (curl).
/// </summary>
public sealed class SeedExampleTests() : ApiTestBase(Transport.Rest)
{
    /// <summary>Seed 000 ("Set an execution", PUT /v3alpha/executions): the curl example, verbatim.</summary>
    private const string Seed000Curl = """
        curl -L -X PUT 'https://$CUSTOM-DOMAIN/v3alpha/executions' \
        -H 'Content-Type: application/json' \
        -H 'Accept: application/json' \
        -H 'Authorization: Bearer <TOKEN>' \
        -d '{
        "condition": {
        "request": {
        "method": "/zitadel.session.v2.SessionService/ListSessions",
        "service": "zitadel.session.v2.SessionService",
        "all": true
        },
        "response": {
        "method": "/zitadel.session.v2.SessionService/ListSessions",
        "service": "zitadel.session.v2.SessionService",
        "all": true
        },
        "function": {
        "name": "string"
        },
        "event": {
        "event": "user.human.added",
        "group": "user.human",
        "all": true
        }
        },
        "targets": [
        {
        "target": "string",
        "include": {
        "request": {
        "method": "/zitadel.session.v2.SessionService/ListSessions",
        "service": "zitadel.session.v2.SessionService",
        "all": true
        },
        "response": {
        "method": "/zitadel.session.v2.SessionService/ListSessions",
        "service": "zitadel.session.v2.SessionService",
        "all": true
        },
        "function": {
        "name": "string"
        },
        "event": {
        "event": "user.human.added",
        "group": "user.human",
        "all": true
        }
        }
        }
        ]
        }'
        """;

    /// <summary>Seed 000's example response.</summary>
    private const string Seed000Response = """
        {
        "details": {
        "sequence": "2",
        "changeDate": "2024-07-31T12:22:55.090Z",
        "resourceOwner": "69629023906488334"
        }
        }
        """;

    /// <summary>Seed 001's example response (the same "Set an execution" page, older revision, targets or includes).</summary>
    private const string Seed001Response = """
        {
        "details": {
        "sequence": "2",
        "changeDate": "2024-06-13T06:44:36.070Z",
        "resourceOwner": "69629023906488334"
        }
        }
        """;

    /// <summary>Seed 002's example response ("Create a target", POST /v3alpha/targets; the page drops the last brace).</summary>
    private const string Seed002Response = """
        {
        "id": "string",
        "details": {
        "sequence": "2",
        "changeDate": "2024-06-25T13:35:39.348Z",
        "resourceOwner": "69629023906488334"
        }
        """;

    /// <summary>Seed 003's example response ("Patch a target", PATCH /resources/v3alpha/actions/targets/:id).</summary>
    private const string Seed003Response = """
        {
        "details": {
        "id": "69629012906488334",
        "created": "2024-11-22T09:27:09.816Z",
        "changed": "2024-11-22T09:27:09.816Z",
        "owner": "69629023906488334"
        }
        """;

    private string Fill(string curl) => curl
        .Replace("https://$CUSTOM-DOMAIN", Server.BaseUrl)
        .Replace("<TOKEN>", Server.AdminToken)
        // -w appends the HTTP status on a line of its own.
        .Replace("curl -L ", "curl -s -w '\\n%{http_code}' -L ");

    private static async Task<(int Status, JsonElement Body)> RunAsync(string command)
    {
        var (code, stdout, stderr) = await ChildProcess.RunAsync(ChildProcess.Command("bash", null, "-c", command));
        Assert.True(code == 0, stderr);
        var lines = stdout.TrimEnd().Split('\n');
        return (int.Parse(lines[^1]), JsonDocument.Parse(string.Join('\n', lines[..^1])).RootElement.Clone());
    }

    [Fact]
    public async Task Seed_000_as_written_fills_several_branches_of_a_oneof_and_gets_a_clear_error()
    {
        var (status, body) = await RunAsync(Fill(Seed000Curl));
        Assert.Equal(400, status);
        Assert.Equal(3, body.GetProperty("code").GetInt32());
        Assert.Contains("oneof", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Seed_000_with_a_well_formed_body_sets_the_execution()
    {
        var target = (await CreateTargetAsync()).Id;
        var body = $$$"""{"condition":{"request":{"method":"/zitadel.action.v2.ActionService/GetTarget"}},"targets":[{"target":"{{{target}}}"}]}""";
        var wellFormed = Seed000Curl[..Seed000Curl.IndexOf("-d '", StringComparison.Ordinal)] + $"-d '{body}'";
        var (status, response) = await RunAsync(Fill(wellFormed));
        Assert.Equal(200, status);
        AssertSameShape(Seed000Response, response);
        Assert.Equal("1", response.GetProperty("details").GetProperty("sequence").GetString());
        Assert.Equal(Server.Core.Instance.Id, response.GetProperty("details").GetProperty("resourceOwner").GetString());
    }

    [Fact]
    public async Task Seed_001_set_an_execution_that_includes_another()
    {
        var target = (await CreateTargetAsync()).Id;
        var command = $$$"""
            curl -L -X PUT 'https://$CUSTOM-DOMAIN/v3alpha/executions' \
            -H 'Content-Type: application/json' \
            -H 'Authorization: Bearer <TOKEN>' \
            -d '{"condition":{"request":{"all":true}},"targets":[{"target":"{{{target}}}"}]}'
            """;
        Assert.Equal(200, (await RunAsync(Fill(command))).Status);
        var including = command.Replace("{\"request\":{\"all\":true}}", "{\"request\":{\"service\":\"zitadel.action.v2.ActionService\"}}")
            .Replace($"{{\"target\":\"{target}\"}}", "{\"include\":{\"request\":{\"all\":true}}}");
        var (status, response) = await RunAsync(Fill(including));
        Assert.Equal(200, status);
        AssertSameShape(Seed001Response, response);
    }

    [Fact]
    public async Task Seed_002_create_a_target()
    {
        var command = $$"""
            curl -L -X POST 'https://$CUSTOM-DOMAIN/v3alpha/targets' \
            -H 'Content-Type: application/json' \
            -H 'Authorization: Bearer <TOKEN>' \
            -d '{"name":"seed-002","restWebhook":{"interruptOnError":true},"timeout":"10s","endpoint":"https://example.com/hooks/seed"}'
            """;
        var (status, response) = await RunAsync(Fill(command));
        Assert.Equal(201, status);
        AssertSameShape(Seed002Response + "\n}", response);
        Assert.Equal("1", response.GetProperty("details").GetProperty("sequence").GetString());

        // The page's request schema lists every target type; sending more than one is refused, not silently picked.
        var both = Fill(command).Replace("\"restWebhook\":{\"interruptOnError\":true}", "\"restWebhook\":{},\"restCall\":{}").Replace("seed-002", "seed-002-both");
        var (refused, error) = await RunAsync(both);
        Assert.Equal(400, refused);
        Assert.Contains("oneof", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Seed_003_patch_a_target()
    {
        var id = (await CreateTargetAsync(name: "seed-003")).Id;
        var command = $$"""
            curl -L -X PATCH 'https://$CUSTOM-DOMAIN/resources/v3alpha/actions/targets/{{id}}' \
            -H 'Content-Type: application/json' \
            -H 'Authorization: Bearer <TOKEN>' \
            -d '{"name":"seed-003-patched","restCall":{"interruptOnError":true},"timeout":"20s","endpoint":"https://example.com/hooks/patched"}'
            """;
        var (status, response) = await RunAsync(Fill(command));
        Assert.Equal(200, status);
        var details = response.GetProperty("details");
        Assert.Equal(["id", "created", "changed", "owner"], details.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, details.GetProperty("id").GetString());
        // The page prints the owner as a bare ID; the wire type (and ZITADEL) has {type, id}.
        Assert.Equal("OWNER_TYPE_INSTANCE", details.GetProperty("owner").GetProperty("type").GetString());
        Assert.Equal(Server.Core.Instance.Id, details.GetProperty("owner").GetProperty("id").GetString());
        AssertSameShape(Seed003Response.Replace("\"owner\": \"69629023906488334\"", "\"owner\": {}") + "\n}", response, ignore: "owner");
    }

    /// <summary>Same keys in the same order, strings where the example has strings, recursively.</summary>
    private static void AssertSameShape(string example, JsonElement actual, string? ignore = null)
    {
        void Compare(JsonElement expected, JsonElement value, string path)
        {
            Assert.True(expected.ValueKind == value.ValueKind, $"{path}: expected {expected.ValueKind}, got {value.ValueKind}");
            if (expected.ValueKind == JsonValueKind.Object)
            {
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name), value.EnumerateObject().Select(p => p.Name));
                foreach (var property in expected.EnumerateObject().Where(p => p.Name != ignore))
                {
                    Compare(property.Value, value.GetProperty(property.Name), path + "." + property.Name);
                }
            }
        }
        Compare(JsonDocument.Parse(example).RootElement, actual, "$");
    }
}
