using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Protocol.Tests.Echo;
using Hookgate.Protocol.Tests.Infrastructure;

namespace Hookgate.Protocol.Tests.Server;

/// <summary>An independent gRPC implementation (Debian's python3-grpcio) against the real server.</summary>
[Collection(EchoServerCollection.Name)]
public class PythonGrpcClientTests(EchoServerFixture fixture)
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import sys
        import grpc

        address, echo_hex, fail_hex = sys.argv[1], sys.argv[2], sys.argv[3]
        with grpc.insecure_channel(address) as channel:
            reply = channel.unary_unary("/hookgate.testing.v1.EchoService/Echo")(bytes.fromhex(echo_hex), timeout=5)
            print("OK", reply.hex())
            try:
                channel.unary_unary("/hookgate.testing.v1.EchoService/Fail")(bytes.fromhex(fail_hex), timeout=5)
                print("NOERROR")
            except grpc.RpcError as error:
                trailers = dict(error.trailing_metadata() or ())
                details = trailers.get("grpc-status-details-bin", b"")
                print("ERR", error.code().name, error.details().encode("utf-8").hex(), details.hex())
            try:
                channel.unary_unary("/hookgate.testing.v1.EchoService/Nope")(b"", timeout=5)
                print("NOERROR")
            except grpc.RpcError as error:
                print("ERR", error.code().name)
        """;

    [Fact]
    public async Task RealGrpcClient_GetsRepliesAndStatuses()
    {
        // Arrange
        await EnsureGrpcioAsync().DefaultTimeout();
        var script = Path.Combine(Path.GetTempPath(), "hookgate-grpc-" + Guid.NewGuid().ToString("N") + ".py");
        await File.WriteAllTextAsync(script, Script).DefaultTimeout();
        var echo = new Kitchen { Id = "from-python", I64 = 42 }.ToByteArray();
        var fail = new FailRequest { Code = 5, Message = "Target not found", DetailId = "QUERY-py" }.ToByteArray();

        try
        {
            // Act
            var (exitCode, output) = await RunAsync(script, "127.0.0.1:" + fixture.Server.Endpoint.BoundEndPoint!.Port, Convert.ToHexString(echo), Convert.ToHexString(fail));

            // Assert
            Assert.True(exitCode == 0, output);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var ok = lines[0].Split(' ');
            Assert.Equal("OK", ok[0]);
            var reply = EchoReply.Parser.ParseFrom(Convert.FromHexString(ok[1]));
            Assert.Equal(new Kitchen { Id = "from-python", I64 = 42 }, reply.Request);
            Assert.Equal("Echo:Grpc:/hookgate.testing.v1.EchoService/Echo", reply.Method);

            var err = lines[1].Split(' ');
            Assert.Equal(["ERR", "NOT_FOUND"], err[..2]);
            Assert.Equal("Target not found (QUERY-py)", System.Text.Encoding.UTF8.GetString(Convert.FromHexString(err[2])));
            var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromHexString(err[3]));
            Assert.Equal("QUERY-py", status.Details[0].Unpack<ErrorDetail>().Id);

            Assert.Equal("ERR UNIMPLEMENTED", lines[2]);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static async Task EnsureGrpcioAsync()
    {
        Assert.True(File.Exists(Python), Python + " is missing: install Debian's python3 and python3-grpcio (apt-get install -y python3-grpcio).");
        var (exitCode, output) = await RunAsync("-c", "import grpc");
        Assert.True(exitCode == 0, "Debian's python3-grpcio is required for this test: run `apt-get install -y python3-grpcio` (and use /usr/bin/python3). " + output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return (process.ExitCode, await stdout.DefaultTimeout() + await stderr.DefaultTimeout());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
