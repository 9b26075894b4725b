using System.Net;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Hookgate.Api;
using Hookgate.Api.V2;
using Hookgate.Api.V2Beta;
using Hookgate.Api.V3Alpha;
using Hookgate.Api.ResourcesV3Alpha;
using Hookgate.Executions;
using Hookgate.Protocol;
using Hookgate.Runtime;
using Hookgate.Runtime.Deliveries;
using Hookgate.Api.Deliveries;

namespace Hookgate.Hosting;

/// <summary>The web server of one node: every API on one port, over gRPC, gRPC-Web, Connect and REST.</summary>
public static class HookgateServer
{
    /// <summary>Every service this server serves; executions may target any of their methods.</summary>
    public static readonly IReadOnlyList<ServiceDescriptor> Services =
        [ActionServiceV2.Service, ActionServiceV2Beta.Service, ActionServiceV3Alpha.Service, ZitadelActionsV3Alpha.Service, DeliveryServiceV1.Service];

    public static WebApplication Build(HookgateCore core, HookgateOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Hookgate is configured by its own options only: no appsettings.json from wherever it was started, and
            // no file watcher on that directory (which holds ./data, so every database write would wake it).
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders()
            .AddSimpleConsole(console => (console.SingleLine, console.TimestampFormat) = (true, "HH:mm:ss "))
            .SetMinimumLevel(ParseLogLevel(options.LogLevel))
            // Hookgate prints its own ready line; the host's "listening on" lines would repeat it once per protocol.
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning)
            // One line per request is the framework's, not an event worth logging by default.
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            // Off, so the host does not start a tracing Activity per request for log correlation (allocations on
            // every call, and a traceparent header on every target call); it logs nothing above Information anyway.
            .AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None)
            // Start-up failures (a port in use) are reported by the command line, once.
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.AddHttp1AndH2cListener();
        builder.Services.AddHostedService(services => new ChangeListener(core.Database, core.Feed, services.GetRequiredService<ILogger<ChangeListener>>()));
        builder.Services.AddSingleton(services => new DeliveryLog(core.Database, core.Ids, core.Time, options.DeliveryRetention, services.GetRequiredService<ILogger<DeliveryLog>>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<DeliveryLog>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ListenHttp1AndH2c(new IPEndPoint(ParseAddress(options.Host), options.Port));
        });
        var app = builder.Build();

        var catalog = new ExecutionCatalog(
            Services.SelectMany(s => s.Methods).Select(m => $"/{m.Service.FullName}/{m.Name}"),
            core.Schema.EventTypes);
        var rpcOptions = new RpcServerOptions { ProtocolError = ApiErrors.Create, RestSuccessStatus = ServiceBinder.RestSuccessStatus };
        var router = new ExecutionRouter(core.ExecutionQueries, core.TargetQueries, core.Feed);
        // Targets are called through one pooled client that enforces the deny list on every connection and redirect.
        var targets = Runtime.Outbound.OutboundHttp.CreateClient(core.DenyList, options.Outbound, app.Services.GetRequiredService<ILogger<TargetCaller>>());
        var caller = new TargetCaller(targets, core.WebKeys, core.Time);
        var deliveries = app.Services.GetRequiredService<DeliveryLog>();
        var runtime = new ExecutionRuntime(router, caller, deliveries, new RuntimeOptions { SuspendManagementExecutions = options.SuspendExecutions });
        var binder = new ServiceBinder(core.Authenticator, core.Instance, runtime);
        var executions = new ExecutionCommands(core.Store, catalog);
        var v2 = new ActionServiceV2(core.Targets, core.TargetQueries, executions, core.ExecutionQueries, catalog);
        var v3Alpha = new ActionServiceV3Alpha(core.Targets, core.TargetQueries, executions, core.ExecutionQueries, catalog, core.Time);
        var resources = new ZitadelActionsV3Alpha(core.Targets, core.TargetQueries, executions, core.ExecutionQueries, catalog, core.Time);
        // The instance's public signing keys, so receivers can verify JWT payloads (as ZITADEL's OIDC JWKS).
        app.MapGet("/oauth/v2/keys", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(await core.WebKeys.JsonWebKeySetAsync(core.Instance.Id, http.RequestAborted), http.RequestAborted);
        });
        app.MapUnaryService(ActionServiceV2.Service, binder.Bind(v2.Handlers), rpcOptions);
        app.MapUnaryService(ActionServiceV2Beta.Service, binder.Bind(ActionServiceV2Beta.Handlers(v2)), rpcOptions);
        app.MapUnaryService(ActionServiceV3Alpha.Service, binder.Bind(v3Alpha.Handlers), rpcOptions);
        app.MapUnaryService(ZitadelActionsV3Alpha.Service, binder.Bind(resources.Handlers), rpcOptions);
        app.MapUnaryService(DeliveryServiceV1.Service, binder.Bind(new DeliveryServiceV1(new DeliveryQueries(core.Database, deliveries)).Handlers), rpcOptions);
        return app;
    }

    /// <summary>The port the server listens on (the real one when started on port 0).</summary>
    public static int BoundPort(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a).Port).First();

    private static LogLevel ParseLogLevel(string level) =>
        Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed : throw new UsageException($"--log-level must be Trace, Debug, Information, Warning or Error, not '{level}'");

    private static IPAddress ParseAddress(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(host, out var address) ? address
        : throw new UsageException($"--host must be an IP address or localhost, not '{host}'");
}
