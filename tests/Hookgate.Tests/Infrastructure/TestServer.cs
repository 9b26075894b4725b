using Microsoft.AspNetCore.Builder;
using Hookgate.Hosting;
using Hookgate.Identity;

namespace Hookgate.Tests.Infrastructure;

/// <summary>A real Hookgate node on 127.0.0.1 (a free port), on SQLite in a temp directory or on a PostgreSQL database.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string MasterKey = "0123456789abcdefghijklmnopqrstuv";

    private TestServer(HookgateCore core, WebApplication app, HookgateOptions options)
    {
        Core = core;
        App = app;
        Options = options;
        BaseUrl = $"http://127.0.0.1:{HookgateServer.BoundPort(app)}";
    }

    public HookgateCore Core { get; }
    public WebApplication App { get; }
    public HookgateOptions Options { get; }
    public string BaseUrl { get; }
    public string AdminToken => Core.CreatedAdminToken?.Token ?? File.ReadAllText(Path.Combine(Options.DataDir, "admin.pat")).Trim();

    /// <summary>A node's options on a new data directory and, for PostgreSQL, <paramref name="database"/> or a new database.</summary>
    public static async Task<HookgateOptions> NewOptionsAsync(StorageProvider provider, string? database = null) => new()
    {
        Port = 0,
        DataDir = TestDatabases.NewDataDir(),
        MasterKey = MasterKey,
        LogLevel = "Warning",
        Database = provider == StorageProvider.Postgres ? database ?? await TestDatabases.CreatePostgresAsync() : null,
    };

    /// <param name="database">A PostgreSQL connection string to share a database between nodes; a new one when null.</param>
    public static async Task<TestServer> StartAsync(StorageProvider provider = StorageProvider.Sqlite, string? database = null,
        Func<HookgateOptions, HookgateOptions>? configure = null)
    {
        var options = await NewOptionsAsync(provider, database);
        options = configure?.Invoke(options) ?? options;
        var core = await HookgateCore.OpenAsync(options, TimeProvider.System, CancellationToken.None).DefaultTimeout();
        var app = HookgateServer.Build(core, options);
        await app.StartAsync().DefaultTimeout();
        return new TestServer(core, app, options);
    }

    /// <summary>A new machine user with the role; returns its token.</summary>
    public async Task<string> CreateTokenAsync(string role, DateTimeOffset? expiration = null)
    {
        var created = await Core.Identity.CreateMachineUserAsync(Core.Instance, $"test-{Guid.NewGuid():N}", role, expiration ?? IdentityCommands.Never, CancellationToken.None);
        return created.Token;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().DefaultTimeout();
        await App.DisposeAsync();
        await Core.DisposeAsync();
        try
        {
            Directory.Delete(Options.DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
