using Hookgate.Tests.Infrastructure;
using Zitadel.Action.V2;

namespace Hookgate.Tests.Api;

/// <summary>The same data through every protocol on the one port, and a real gRPC stack (python3-grpcio) as a client.</summary>
public sealed class ProtocolSpotChecks() : ApiTestBase(Transport.Rest)
{
    [Theory]
    [InlineData(Transport.RestHttp2)]
    [InlineData(Transport.GrpcWeb)]
    [InlineData(Transport.GrpcWebText)]
    [InlineData(Transport.ConnectJson)]
    [InlineData(Transport.ConnectProto)]
    public async Task Each_protocol_creates_reads_and_reports_errors(Transport over)
    {
        using var client = Client(Server.AdminToken, over);
        var created = await client.OkAsync<CreateTargetResponse>(M("CreateTarget"), new CreateTargetRequest
        {
            Name = "via-" + over, RestCall = new RESTCall { InterruptOnError = true }, Endpoint = "https://example.com", Timeout = Seconds(7),
        });
        var target = (await client.OkAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = created.Id })).Target;
        Assert.Equal("via-" + over, target.Name);
        Assert.True(target.RestCall.InterruptOnError);
        Assert.Equal(created.SigningKey, target.SigningKey);

        var missing = await client.CallAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = "missing" });
        AssertError(missing, 5, "QUERY-hj5oaniyrz");
        Assert.Equal("Target not found (QUERY-hj5oaniyrz)", missing.Message);
        if (over is Transport.ConnectJson or Transport.ConnectProto or Transport.RestHttp2)
        {
            Assert.Equal(404, missing.HttpStatus);
        }

        using var anonymous = Client(null, over);
        AssertError(await anonymous.CallAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = created.Id }), 16);
    }

    [Fact]
    public async Task A_python_grpcio_client_calls_the_api()
    {
        var created = await CreateTargetAsync(name: "seen-by-python");
        var script = """
            import sys, grpc
            addr, token, target_id = sys.argv[1], sys.argv[2], sys.argv[3]
            def field(n, s):  # a length-delimited protobuf field
                b = s.encode()
                return bytes([n << 3 | 2, len(b)]) + b
            meta = (("authorization", "Bearer " + token),)
            with grpc.insecure_channel(addr) as channel:
                get = channel.unary_unary("/zitadel.action.v2.ActionService/GetTarget")
                reply = get(field(1, target_id), metadata=meta, timeout=10)
                print("name-found" if b"seen-by-python" in reply else "name-missing")
                try:
                    get(field(1, "missing"), metadata=meta, timeout=10)
                except grpc.RpcError as e:
                    print(e.code().name, e.details())
                try:
                    get(field(1, target_id), timeout=10)
                except grpc.RpcError as e:
                    print(e.code().name)
                services = channel.unary_unary("/zitadel.action.v2.ActionService/ListExecutionServices")(b"", metadata=meta, timeout=10)
                print("services-listed" if b"zitadel.action.v2beta.ActionService" in services else "services-missing")
            """;
        var output = await RunPythonAsync(script, Server.BaseUrl["http://".Length..], Server.AdminToken, created.Id);
        Assert.Equal(
            ["name-found", "NOT_FOUND Target not found (QUERY-hj5oaniyrz)", "UNAUTHENTICATED", "services-listed"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Runs Debian's python3 (which has python3-grpcio; ./test installs it); fails, not skips, without it.</summary>
    private static async Task<string> RunPythonAsync(string script, params string[] args)
    {
        const string python = "/usr/bin/python3";
        var (probe, _, _) = await ChildProcess.RunAsync(ChildProcess.Command(python, null, "-c", "import grpc"));
        Assert.True(probe == 0, "python3-grpcio is missing: run ./test (it installs it) or apt-get install python3-grpcio");
        var (code, stdout, stderr) = await ChildProcess.RunAsync(ChildProcess.Command(python, null, ["-c", script.Replace("\r", ""), .. args]));
        Assert.True(code == 0, stderr);
        return stdout;
    }
}
