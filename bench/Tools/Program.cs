// Helpers for bench/runtime, run as separate processes so they do not share a runtime with what they measure:
//   receiver --port P [--answer JSON] [--dump FILE]
//                                        a webhook receiver: every POST gets 200 and the answer (empty by default);
//                                        the first body received is written to FILE
//   floor --url U --body FILE --count N  the physical floor: N sequential POSTs of FILE's bytes through one pooled
//                                        HttpClient; prints "p50_us p99_us" of the latencies
using System.Diagnostics;
using System.Text;

switch (args)
{
    case ["receiver", "--port", var port, .. var rest]:
        var answer = Option(rest, "--answer") is { } json ? Encoding.UTF8.GetBytes(json) : [];
        var dump = Option(rest, "--dump");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
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

    case ["floor", "--url", var url, "--body", var file, "--count", var countText]:
        var body = await File.ReadAllBytesAsync(file);
        var count = int.Parse(countText);
        using (var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }))
        {
            var latencies = new double[count];
            for (var i = -count / 10; i < count; i++)
            {
                var watch = Stopwatch.StartNew();
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await http.PostAsync(url, content);
                await response.Content.ReadAsByteArrayAsync();
                if (i >= 0)
                {
                    latencies[i] = watch.Elapsed.TotalMicroseconds;
                }
            }
            Array.Sort(latencies);
            Console.WriteLine($"{latencies[count / 2]:0} {latencies[(int)(count * 0.99)]:0}");
        }
        return 0;

    default:
        Console.Error.WriteLine("usage: bench-tools receiver --port P [--answer JSON] | floor --url U --body FILE --count N");
        return 2;
}

static string? Option(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
