using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hookgate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hookgate.Tests.Runtime.Outbound;

/// <summary>A real Kestrel target on a loopback address and a free port, counting the requests it receives.</summary>
internal sealed class LoopbackTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LoopbackTarget(WebApplication app, Uri url) => (_app, Url) = (app, url);

    public Uri Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<LoopbackTarget> StartAsync(RequestDelegate handler, string address = "127.0.0.1", X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(address), 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        LoopbackTarget? target = null;
        app.Run(context =>
        {
            Interlocked.Increment(ref target!._requests);
            return handler(context);
        });
        await app.StartAsync().DefaultTimeout();
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        target = new LoopbackTarget(app, new Uri(url));
        return target;
    }

    /// <summary>A self-signed certificate for 127.0.0.1; clients must be told to accept it.</summary>
    public static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }
}

/// <summary>Keeps what was logged, to assert on event names and on what a message does not contain.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<(string EventName, string Message)> _entries = [];

    public IReadOnlyList<(string EventName, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((eventId.Name ?? "", formatter(state, exception)));
        }
    }
}
