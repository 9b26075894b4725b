using System.Globalization;
using Hookgate.Crypto;
using Hookgate.Executions;
using Hookgate.Identity;
using Hookgate.Ids;
using Hookgate.Storage;
using Hookgate.Storage.Postgres;
using Hookgate.Storage.Sqlite;
using Hookgate.Targets;

namespace Hookgate.Hosting;

/// <summary>
/// The core of one node, without any server: storage opened and migrated, the master key checked against the
/// database, a node ID leased, the default instance in place. The server and the CLI both start from here.
/// </summary>
public sealed class HookgateCore : IAsyncDisposable
{
    private HookgateCore(Database database, EventSchema schema, ChangeFeed feed, MasterKey masterKey, IdGenerator ids, TimeProvider time, Runtime.Outbound.DenyList denyList)
    {
        DenyList = denyList;
        Database = database;
        Feed = feed;
        var store = new EventStore(database, schema, feed, time);
        Schema = schema;
        Store = store;
        MasterKey = masterKey;
        Ids = ids;
        Time = time;
        Identity = new IdentityCommands(store, ids);
        Targets = new TargetCommands(store, ids, masterKey, denyList);
        TargetQueries = new TargetQueries(database, masterKey, feed);
        ExecutionQueries = new ExecutionQueries(database);
        Authenticator = new TokenAuthenticator(database, time);
        WebKeys = new WebKeys.WebKeys(store, database, masterKey, ids);
    }

    public Database Database { get; }

    /// <summary>Where targets may not point.</summary>
    public Runtime.Outbound.DenyList DenyList { get; }

    /// <summary>Changes committed here and, through the database, on other nodes.</summary>
    public ChangeFeed Feed { get; }
    public EventSchema Schema { get; }
    public EventStore Store { get; }
    public MasterKey MasterKey { get; }
    public IdGenerator Ids { get; }
    public TimeProvider Time { get; }
    public IdentityCommands Identity { get; }
    public TargetCommands Targets { get; }
    public TargetQueries TargetQueries { get; }
    public ExecutionQueries ExecutionQueries { get; }
    public TokenAuthenticator Authenticator { get; }

    /// <summary>The instance's keys for signing JWT payloads.</summary>
    public WebKeys.WebKeys WebKeys { get; }

    /// <summary>The default instance; every host name is served by it for now.</summary>
    public InstanceInfo Instance { get; private set; } = null!;

    /// <summary>Set when this start created the instance: the admin's token, shown once.</summary>
    public CreatedToken? CreatedAdminToken { get; private set; }

    /// <summary>Where <see cref="CreatedAdminToken"/> was written (mode 0600).</summary>
    public string? AdminTokenPath { get; private set; }

    public static async Task<HookgateCore> OpenAsync(HookgateOptions options, TimeProvider time, CancellationToken ct)
    {
        Directory.CreateDirectory(options.DataDir);
        Database database = options.Database is { Length: > 0 } connectionString
            ? new PostgresDatabase(connectionString)
            : new SqliteDatabase(Path.Combine(options.DataDir, "hookgate.db"));
        try
        {
            await database.MigrateAsync(ct);
            var masterKey = options.MasterKey is { Length: > 0 } secret
                ? Crypto.MasterKey.FromSecret(secret)
                : Crypto.MasterKey.LoadOrCreate(Path.Combine(options.DataDir, "master.key"));
            var knownKey = await SettingAsync(database, "master_key_id", masterKey.KeyId, increment: false, ct);
            if (knownKey != masterKey.KeyId)
            {
                throw new UsageException(
                    $"This database's secrets are encrypted with master key {knownKey}, but this node has {masterKey.KeyId}. " +
                    "Give every node the same key (--master-key or HOOKGATE_MASTER_KEY).");
            }
            var node = long.Parse(await SettingAsync(database, "node_counter", "1", increment: true, ct), CultureInfo.InvariantCulture);
            var schema = new EventSchema();
            IdentityEvents.Register(schema);
            TargetEvents.Register(schema);
            ExecutionEvents.Register(schema);
            Hookgate.WebKeys.WebKeys.Register(schema);
            var ids = new IdGenerator(time, (ushort)(node % 65536));
            var core = new HookgateCore(database, schema, new ChangeFeed(), masterKey, ids, time, new Runtime.Outbound.DenyList(options.Outbound.DenyList));
            (core.Instance, core.CreatedAdminToken) = await core.Identity.EnsureDefaultInstanceAsync(ct);
            await core.WebKeys.EnsureAsync(core.Instance.Id, ct);
            if (core.CreatedAdminToken is { } admin)
            {
                // Whoever creates the instance (server or CLI) hands the admin token over the same way.
                FileSecrets.WritePrivate(core.AdminTokenPath = Path.Combine(options.DataDir, "admin.pat"), admin.Token + "\n");
            }
            return core;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads a setting, storing <paramref name="initial"/> when absent; with <paramref name="increment"/> adds one to a stored number.</summary>
    private static async Task<string> SettingAsync(Database database, string key, string initial, bool increment, CancellationToken ct)
    {
        await using var lease = await database.BeginWriteAsync(exclusive: true, ct);
        var sql = increment
            ? "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT) RETURNING value"
            : "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = settings.value RETURNING value";
        var value = (string)(await lease.Connection.ScalarAsync(lease.Transaction, sql, ct, ("key", key), ("value", initial)))!;
        await lease.CommitAsync(ct);
        return value;
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
