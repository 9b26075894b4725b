using System.Net;
using Hookgate.Protocol.Tests.Echo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hookgate.Protocol.Tests.Infrastructure;

/// <summary>A real Kestrel server on 127.0.0.1:0 through the HTTP/1.1 + h2c listener, serving the echo service.</summary>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoServer(WebApplication app, Http1AndH2cEndpoint endpoint, CapturingLoggerProvider logs)
    {
        _app = app;
        Endpoint = endpoint;
        Logs = logs;
        BaseAddress = new Uri("http://127.0.0.1:" + endpoint.BoundEndPoint!.Port);
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TaskTimeoutExtensions.Default };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public Http1AndH2cEndpoint Endpoint { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<EchoServer> StartAsync(RpcServerOptions? options = null, TimeSpan? prefaceTimeout = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddHttp1AndH2cListener();
        Http1AndH2cEndpoint? endpoint = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            endpoint = kestrel.ListenHttp1AndH2c(new IPEndPoint(IPAddress.Loopback, 0));
            if (prefaceTimeout is { } timeout)
            {
                endpoint.PrefaceTimeout = timeout;
            }
        });
        var app = builder.Build();
        app.MapUnaryService(EchoReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("EchoService"), EchoHandlers.For,
            options ?? new RpcServerOptions { MaxRequestBodyBytes = 64 * 1024 });
        await app.StartAsync().DefaultTimeout();
        await endpoint!.WhenBound.DefaultTimeout();
        return new EchoServer(app, endpoint, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync().DefaultTimeout();
    }
}

/// <summary>One server shared by the tests of a collection (xunit class fixture).</summary>
public sealed class EchoServerFixture : IAsyncLifetime
{
    public EchoServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await EchoServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EchoServerCollection : ICollectionFixture<EchoServerFixture>
{
    public const string Name = "echo server";
}
