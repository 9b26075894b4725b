using Hookgate.Tests.Infrastructure;

namespace Hookgate.Tests.Api;

/// <summary>
/// ZITADEL's own npm client (@zitadel/client, pinned in tests/clients/zitadel-node) against Hookgate, unchanged,
/// over gRPC, gRPC-Web and Connect. ./test installs its packages; without them this test fails.
/// </summary>
public sealed class ZitadelClientTests() : ApiTestBase(Transport.Rest)
{
    [Fact]
    public async Task Zitadels_node_client_works_over_every_transport()
    {
        var dir = Path.Combine(Repository.Root(), "tests", "clients", "zitadel-node");
        Assert.True(Directory.Exists(Path.Combine(dir, "node_modules", "@zitadel", "client")),
            $"run ./test (or npm ci in {dir}) to install ZITADEL's client");
        var (code, stdout, stderr) = await ChildProcess.RunAsync(ChildProcess.Command("node", dir, "check.mjs", Server.BaseUrl, Server.AdminToken));
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var transport in new[] { "grpc", "grpc-web", "connect" })
        {
            Assert.Contains($"{transport} get zitadel-client-{transport} restCall true 10 true", lines);
            Assert.Contains($"{transport} executions 1 true", lines);
            Assert.Contains($"{transport} missing 5 Target not found (QUERY-hj5oaniyrz)", lines);
        }
    }
}
