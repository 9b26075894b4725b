using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hookgate.Tests.Infrastructure;

/// <summary>What a target received: the raw body and headers, and whether the caller hung up early.</summary>
public sealed record ReceivedCall(string Path, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
    public bool Aborted { get; set; }
}

/// <summary>
/// A real webhook receiver on 127.0.0.1 (a free port): every path answers with what the test configured for it
/// (status, body, delay) and records each call.
/// </summary>
public sealed class TargetReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<ReceivedCall, Task<(int Status, string Body)>>> _answers = new();
    private readonly ConcurrentQueue<ReceivedCall> _calls = new();
    private readonly ConcurrentDictionary<string, string> _redirects = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private TargetReceiver(WebApplication app)
    {
        _app = app;
        BaseUrl = app.Urls.First();
    }

    public string BaseUrl { get; }

    public IReadOnlyList<ReceivedCall> Calls => [.. _calls];

    public static async Task<TargetReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        TargetReceiver? receiver = null;
        app.Run(async context => await receiver!.HandleAsync(context));
        await app.StartAsync().DefaultTimeout();
        receiver = new TargetReceiver(app);
        return receiver;
    }

    /// <summary>The endpoint URL of a path, after setting what it answers (default 200 with an empty body).</summary>
    public string Endpoint(string path, int status = 200, string body = "", TimeSpan delay = default) =>
        Endpoint(path, async _ =>
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }
            return (status, body);
        });

    public string Endpoint(string path, Func<ReceivedCall, Task<(int Status, string Body)>> answer)
    {
        _answers[path] = answer;
        return BaseUrl + path;
    }

    /// <summary>Forgets the calls so far (e.g. those a test's own setup caused).</summary>
    public void Reset() => _calls.Clear();

    /// <summary>A path that redirects (302) to <paramref name="location"/>.</summary>
    public string Redirect(string path, string location)
    {
        _redirects[path] = location;
        return Endpoint(path, 302);
    }

    public IReadOnlyList<ReceivedCall> CallsTo(string path) => _calls.Where(c => c.Path == path).ToArray();

    /// <summary>Waits until at least <paramref name="count"/> calls arrived in all (bounded by the default timeout).</summary>
    public async Task WaitForCallsAsync(int count)
    {
        while (_calls.Count < count)
        {
            Assert.True(await _arrived.WaitAsync(Timeouts.Default), $"only {_calls.Count} of {count} calls arrived");
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var call = new ReceivedCall(context.Request.Path.Value ?? "/", body.ToArray(), headers);
        _calls.Enqueue(call);
        _arrived.Release();
        context.RequestAborted.Register(() => call.Aborted = true);
        var (status, answer) = _answers.TryGetValue(call.Path, out var respond) ? await respond(call) : (200, "");
        context.Response.StatusCode = status;
        if (_redirects.TryGetValue(call.Path, out var location))
        {
            context.Response.Headers.Location = location;
        }
        if (answer.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }
}
