using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Hookgate.Tests.Infrastructure;

namespace Hookgate.Tests.Hosting;

/// <summary>The README's first steps, run as a new user runs them: ./hookgate start, the admin token, SIGTERM, ./hookgate token create.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class CommandLineTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly string _workDir = TestDatabases.NewDataDir();

    [Fact]
    public async Task Start_creates_the_instance_serves_and_stops_cleanly_on_sigterm()
    {
        string token;
        using (var server = await StartAsync())
        {
            Assert.Contains("admin.pat", server.Output);
            var pat = Path.Combine(_workDir, "data", "admin.pat");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pat));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_workDir, "data", "master.key")));
            token = File.ReadAllText(pat).Trim();
            Assert.Equal(HttpStatusCode.OK, await ListTargetsAsync(server.Port, token));
            Assert.DoesNotContain(token, server.Output);
            Assert.Equal(0, await server.StopAsync());
        }

        // A second start keeps the instance and its token, and creates no new admin.
        using (var again = await StartAsync())
        {
            Assert.DoesNotContain("admin.pat", again.Output);
            Assert.Equal(HttpStatusCode.OK, await ListTargetsAsync(again.Port, token));

            // Tokens made by the CLI while the server runs work at once.
            var viewer = (await RunAsync("token", "create", "--role", "IAM_OWNER_VIEWER", "--expires", "1d")).Trim();
            Assert.Equal(HttpStatusCode.OK, await ListTargetsAsync(again.Port, viewer));
            using var http = Client(again.Port, viewer);
            var create = await http.PostAsync("/v2/actions/targets", new StringContent("""{"name":"x","restAsync":{},"timeout":"5s","endpoint":"https://example.com"}""", Encoding.UTF8, "application/json")).DefaultTimeout();
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
            Assert.Equal(0, await again.StopAsync());
        }
    }

    [Fact]
    public async Task Each_target_call_is_logged_as_one_line_without_keys_or_payload()
    {
        await using var receiver = await TargetReceiver.StartAsync();
        using var server = await StartAsync();
        var token = File.ReadAllText(Path.Combine(_workDir, "data", "admin.pat")).Trim();
        using var http = Client(server.Port, token);
        var created = await http.PostAsync("/v2/actions/targets", new StringContent(
            $$"""{"name":"logged","restWebhook":{},"timeout":"5s","endpoint":"{{receiver.Endpoint("/logged")}}"}""", Encoding.UTF8, "application/json")).DefaultTimeout();
        using var target = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var (id, signingKey) = (target.RootElement.GetProperty("id").GetString()!, target.RootElement.GetProperty("signingKey").GetString()!);
        var set = await http.PutAsync("/v2/actions/executions", new StringContent(
            $$$"""{"condition":{"request":{"method":"/zitadel.action.v2.ActionService/GetTarget"}},"targets":["{{{id}}}"]}""", Encoding.UTF8, "application/json")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/v2/actions/targets/{id}").DefaultTimeout()).StatusCode);
        await receiver.WaitForCallsAsync(1);

        string line;
        using (var wait = new CancellationTokenSource(Timeouts.Default))
        {
            while ((line = Lines(server).FirstOrDefault(l => l.Contains($"Target {id} for request/zitadel.action.v2.ActionService/GetTarget")) ?? "") == "")
            {
                await Task.Delay(50, wait.Token);
            }
        }
        Assert.Contains("Success status 200", line);
        var output = string.Join("\n", Lines(server));
        Assert.DoesNotContain(signingKey, output);
        Assert.DoesNotContain(token, output);
        Assert.DoesNotContain("fullMethod", output);
        Assert.Equal(0, await server.StopAsync());
    }

    private static string[] Lines(RunningServer server) => server.Output.Split('\n');

    [Fact]
    public async Task Bad_options_get_a_clear_message()
    {
        var (code, output) = await RunWithCodeAsync("start", "--port", "seventy");
        Assert.Equal(2, code);
        Assert.Contains("--port must be a number", output);
        (code, output) = await RunWithCodeAsync("token", "create", "--role", "GOD");
        Assert.Equal(2, code);
        Assert.Contains("--role must be one of", output);
    }

    private static async Task<HttpStatusCode> ListTargetsAsync(int port, string token)
    {
        using var http = Client(port, token);
        var response = await http.PostAsync("/v2/actions/targets/search", new StringContent("{}", Encoding.UTF8, "application/json")).DefaultTimeout();
        return response.StatusCode;
    }

    private static HttpClient Client(int port, string token)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeouts.Default };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private ProcessStartInfo Hookgate(params string[] args)
    {
        var start = ChildProcess.Command(Path.Combine(Repository.Root(), "hookgate"), _workDir, args);
        (start.RedirectStandardOutput, start.RedirectStandardError) = (true, true);
        start.Environment["HOOKGATE_PORT"] = "0";
        return start;
    }

    private async Task<string> RunAsync(params string[] args)
    {
        var (code, output) = await RunWithCodeAsync(args);
        Assert.True(code == 0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
    }

    private async Task<(int Code, string Output)> RunWithCodeAsync(params string[] args)
    {
        var (code, stdout, stderr) = await ChildProcess.RunAsync(Hookgate(args), StartTimeout);
        return (code, stderr + stdout);
    }

    private async Task<RunningServer> StartAsync()
    {
        var process = Process.Start(Hookgate("start"))!;
        var server = new RunningServer(process);
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("hookgate exited before it was ready:\n" + server.Output));
                return;
            }
            server.Append(e.Data);
            if (ReadyLine().Match(e.Data) is { Success: true } match)
            {
                ready.TrySetResult(int.Parse(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            server.Append(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            server.Port = await ready.Task.WaitAsync(StartTimeout);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    [GeneratedRegex(@"ready on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ReadyLine();

    private sealed class RunningServer(Process process) : IDisposable
    {
        // Appended by the process's stdout and stderr readers on their own threads, read by the test.
        private readonly StringBuilder _output = new();

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
        public int Port { get; set; }

        public async Task<int> StopAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            {
                await kill.WaitForExitAsync().DefaultTimeout();
            }
            await process.WaitForExitAsync().DefaultTimeout();
            return process.ExitCode;
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            process.Dispose();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
