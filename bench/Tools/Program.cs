// Helpers for bench/runtime, run as separate processes so they do not share a runtime with what they measure:
//   receiver --port P [--answer JSON] [--dump FILE]
//                 a webhook receiver: every POST gets 200 and the answer (empty by default); the first body
//                 received is written to FILE
//   relay --port P --target URL --body FILE
//                 the least a server can do with one webhook in its path: every GET posts FILE's bytes to URL
//                 through one pooled HttpClient, checks the status and answers {}
//   latency --url U --count N [--body FILE] [--header "Name: value"]...
//                 N sequential requests (GET, or POST of FILE's bytes as application/json) through one pooled
//                 HttpClient after N/10 unmeasured ones; prints "p50_us p99_us" of the latencies
using System.Diagnostics;
using System.Text;

return args switch
{
    ["receiver", "--port", var port, .. var rest] => await ReceiverAsync(port, Option(rest, "--answer"), Option(rest, "--dump")),
    ["relay", "--port", var port, "--target", var target, "--body", var body] => await RelayAsync(port, target, body),
    ["latency", "--url", var url, "--count", var count, .. var rest] => await LatencyAsync(url, int.Parse(count), Option(rest, "--body"), Options(rest, "--header")),
    _ => Usage(),
};

static async Task<int> ReceiverAsync(string port, string? answerJson, string? dump)
{
    var answer = answerJson is null ? [] : Encoding.UTF8.GetBytes(answerJson);
    var app = Server(port);
    app.MapPost("/{**path}", async (HttpContext http) =>
    {
        using var received = new MemoryStream();
        await http.Request.Body.CopyToAsync(received);
        if (dump is not null && !File.Exists(dump))
        {
            await File.WriteAllBytesAsync(dump, received.ToArray());
        }
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(answer);
    });
    await app.RunAsync();
    return 0;
}

static async Task<int> RelayAsync(string port, string target, string bodyFile)
{
    var payload = await File.ReadAllBytesAsync(bodyFile);
    using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
    var app = Server(port);
    app.MapGet("/{**path}", async (HttpContext http) =>
    {
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync(target, content, http.RequestAborted);
        await response.Content.ReadAsByteArrayAsync(http.RequestAborted);
        http.Response.StatusCode = response.IsSuccessStatusCode ? 200 : 502;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync("{}"u8.ToArray());
    });
    await app.RunAsync();
    return 0;
}

static async Task<int> LatencyAsync(string url, int count, string? bodyFile, IEnumerable<string> headerLines)
{
    var body = bodyFile is null ? null : await File.ReadAllBytesAsync(bodyFile);
    var headers = headerLines.Select(h => h.Split(':', 2)).Select(h => (Name: h[0].Trim(), Value: h[1].Trim())).ToArray();
    using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
    var latencies = new double[count];
    for (var i = -count / 10; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/json");
        }
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"{url} answered {(int)response.StatusCode}");
            return 1;
        }
        if (i >= 0)
        {
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
    }
    Array.Sort(latencies);
    Console.WriteLine($"{latencies[count / 2]:0} {latencies[(int)(count * 0.99)]:0}");
    return 0;
}

static WebApplication Server(string port)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
    return builder.Build();
}

static int Usage()
{
    Console.Error.WriteLine("usage: bench-tools receiver --port P [--answer JSON] [--dump FILE] | relay --port P --target URL --body FILE | latency --url U --count N [--body FILE] [--header H]...");
    return 2;
}

static string? Option(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static IEnumerable<string> Options(string[] args, string name) => args.Where((_, i) => i > 0 && args[i - 1] == name);
