using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Hookgate.Crypto;
using Hookgate.Errors;
using Hookgate.Storage;

namespace Hookgate.Targets;

public sealed record TargetView(
    Change Change,
    string Name,
    TargetType Type,
    bool InterruptOnError,
    string Endpoint,
    TimeSpan Timeout,
    string? SigningKey,
    PayloadType PayloadType)
{
    public string Id => Change.AggregateId;
}

/// <summary>A target's active public key: JWE payloads are encrypted to it while it has not expired.</summary>
public sealed record EncryptionKey(string KeyId, byte[] PublicKeyPem, DateTimeOffset? Expiration);

public enum TargetSort
{
    CreationDate,
    Id,
    ChangeDate,
    Name,
    TargetType,
    Endpoint,
    Timeout,
    InterruptOnError,
}

public abstract record TargetFilter
{
    public sealed record Name(string Value, TextMatch Match) : TargetFilter;
    public sealed record InIds(IReadOnlyList<string> Ids) : TargetFilter;
}

public sealed record PublicKeyView(string KeyId, bool Active, byte[] PublicKey, string Fingerprint, DateTimeOffset? Expiration, DateTimeOffset CreationDate, DateTimeOffset ChangeDate);

public enum PublicKeySort
{
    CreationDate,
    ChangeDate,
    Expiration,
}

public enum TimestampMatch
{
    Equals,
    Greater,
    GreaterOrEquals,
    Less,
    LessOrEquals,
}

public abstract record PublicKeyFilter
{
    public sealed record InKeyIds(IReadOnlyList<string> Ids) : PublicKeyFilter;
    public sealed record Active(bool Value) : PublicKeyFilter;
    public sealed record Expiration(DateTimeOffset Value, TimestampMatch Match) : PublicKeyFilter;
}

/// <summary>
/// Reads of the targets read model. Single targets are served from memory: an entry is loaded from the
/// projection on first read and marked stale by the <see cref="ChangeFeed"/> when its aggregate changes (on this
/// node before the write returns, on other nodes when the database's notification arrives), so the hot path
/// does no database read.
/// </summary>
public sealed class TargetQueries
{
    private const string Columns = "id, sequence, change_date, created_at, name, target_type, interrupt_on_error, endpoint, timeout_ns, signing_key, payload_type";
    private const int MaxCachedTargets = 100_000;

    private readonly Database _database;
    private readonly MasterKey _masterKey;
    private readonly ConcurrentDictionary<(string Instance, string Id), Cached> _cache = new();

    /// <summary>
    /// A target as last read (<see cref="Loaded"/>; <see cref="View"/> null when it does not exist), or a marker
    /// that the aggregate reached <see cref="Sequence"/> and must be read again. A read never replaces a newer entry.
    /// </summary>
    private sealed record Cached(long Sequence, TargetView? View, bool Loaded);

    public TargetQueries(Database database, MasterKey masterKey, ChangeFeed feed)
    {
        _database = database;
        _masterKey = masterKey;
        feed.Subscribe(OnChange, _cache.Clear);
    }

    private void OnChange(AggregateChange change)
    {
        if (change.AggregateType != TargetEvents.Aggregate)
        {
            return;
        }
        _cache.AddOrUpdate((change.InstanceId, change.AggregateId),
            static (_, sequence) => new Cached(sequence, null, false),
            static (_, old, sequence) => old.Sequence >= sequence ? old : new Cached(sequence, null, false),
            change.Sequence);
    }

    public async Task<TargetView> GetAsync(string instanceId, string id, CancellationToken ct)
    {
        var key = (instanceId, id);
        _cache.TryGetValue(key, out var cached);
        if (cached is { Loaded: true })
        {
            return cached.View ?? throw NotFound();
        }
        var (view, sequence) = await LoadAsync(instanceId, id, ct);
        if (_cache.Count >= MaxCachedTargets)
        {
            _cache.Clear();
        }
        // A missing target is remembered at the sequence the last change announced (its removal), or 0.
        var loaded = new Cached(view is null ? cached?.Sequence ?? 0 : sequence, view, true);
        _cache.AddOrUpdate(key, static (_, loaded) => loaded,
            static (_, old, loaded) => old.Sequence > loaded.Sequence || old.Loaded && old.Sequence == loaded.Sequence ? old : loaded, loaded);
        return view ?? throw NotFound();
    }

    /// <summary>
    /// The targets with these IDs that exist, read from the projection: the runtime's router is built from the
    /// targets its executions name, not from all of them.
    /// </summary>
    public async Task<IReadOnlyList<TargetView>> ManyAsync(string instanceId, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        await using var connection = await _database.OpenAsync(ct);
        var parameters = ids.Select((id, i) => ($"id{i}", (object?)id)).Prepend(("instance", instanceId)).ToArray();
        await using var command = connection.Command(null,
            $"SELECT {Columns} FROM targets WHERE instance_id = @instance AND id IN ({string.Join(", ", ids.Select((_, i) => $"@id{i}"))})", parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var targets = new List<TargetView>();
        while (await reader.ReadAsync(ct))
        {
            targets.Add(Read(reader));
        }
        return targets;
    }

    /// <summary>Each target's active public key (for JWE payloads), by target ID; expiry is checked when it is used.</summary>
    public async Task<IReadOnlyDictionary<string, EncryptionKey>> ActiveKeysAsync(string instanceId, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = connection.Command(null,
            "SELECT target_id, key_id, public_key, expiration FROM target_public_keys WHERE instance_id = @instance AND active = @true",
            ("instance", instanceId), ("true", true));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new Dictionary<string, EncryptionKey>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            keys[reader.GetString(0)] = new EncryptionKey(reader.GetString(1), reader.GetFieldValue<byte[]>(2), reader.IsDBNull(3) ? null : reader.GetTime(3));
        }
        return keys;
    }

    private async Task<(TargetView? View, long Sequence)> LoadAsync(string instanceId, string id, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = connection.Command(null, $"SELECT {Columns} FROM targets WHERE instance_id = @instance AND id = @id",
            ("instance", instanceId), ("id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return (null, 0);
        }
        var view = Read(reader);
        return (view, view.Change.Sequence);
    }

    private static ApiError NotFound() => ApiError.NotFound("QUERY-hj5oaniyrz", "Errors.Target.NotFound");

    public Task<Page<TargetView>> ListAsync(string instanceId, ListQuery query, TargetSort sort, IReadOnlyList<TargetFilter> filters, CancellationToken ct)
    {
        var sql = new ListSql(_database, $"SELECT {Columns}, COUNT(*) OVER () FROM targets WHERE instance_id = @instance", ("instance", instanceId));
        foreach (var filter in filters)
        {
            _ = filter switch
            {
                TargetFilter.Name name => sql.WhereText("name", name.Match, name.Value),
                TargetFilter.InIds inIds => sql.WhereIn("id", inIds.Ids),
                _ => throw new ArgumentOutOfRangeException(nameof(filters)),
            };
        }
        return sql.ReadPageAsync(query, SortColumn(sort), "id", Read, ct);
    }

    public Task<Page<PublicKeyView>> ListPublicKeysAsync(string instanceId, string targetId, ListQuery query, PublicKeySort sort, IReadOnlyList<PublicKeyFilter> filters, CancellationToken ct)
    {
        var sql = new ListSql(_database,
            "SELECT key_id, active, public_key, fingerprint, expiration, created_at, change_date, COUNT(*) OVER () FROM target_public_keys WHERE instance_id = @instance AND target_id = @target",
            ("instance", instanceId), ("target", targetId));
        foreach (var filter in filters)
        {
            _ = filter switch
            {
                PublicKeyFilter.InKeyIds inIds => sql.WhereIn("key_id", inIds.Ids),
                PublicKeyFilter.Active active => sql.Where($"active = {sql.Bind(active.Value)}"),
                // As ZITADEL: keys without an expiration never expire, so they count as "after" any date.
                PublicKeyFilter.Expiration expiration => sql.Where(expiration.Match switch
                {
                    TimestampMatch.Equals => $"expiration = {sql.Bind(expiration.Value.ToMicros())}",
                    TimestampMatch.Greater => $"(expiration IS NULL OR expiration > {sql.Bind(expiration.Value.ToMicros())})",
                    TimestampMatch.GreaterOrEquals => $"(expiration IS NULL OR expiration >= {sql.Bind(expiration.Value.ToMicros())})",
                    TimestampMatch.Less => $"expiration < {sql.Bind(expiration.Value.ToMicros())}",
                    _ => $"expiration <= {sql.Bind(expiration.Value.ToMicros())}",
                }),
                _ => throw new ArgumentOutOfRangeException(nameof(filters)),
            };
        }
        var column = sort switch
        {
            PublicKeySort.ChangeDate => "change_date",
            PublicKeySort.Expiration => "expiration",
            _ => "created_at",
        };
        return sql.ReadPageAsync(query, column, "key_id", reader => new PublicKeyView(
            reader.GetString(0), reader.GetBoolean(1), reader.GetFieldValue<byte[]>(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetTime(4), reader.GetTime(5), reader.GetTime(6)), ct);
    }

    private static string SortColumn(TargetSort sort) => sort switch
    {
        TargetSort.Id => "id",
        TargetSort.ChangeDate => "change_date",
        TargetSort.Name => "name",
        TargetSort.TargetType => "target_type",
        TargetSort.Endpoint => "endpoint",
        TargetSort.Timeout => "timeout_ns",
        TargetSort.InterruptOnError => "interrupt_on_error",
        _ => "created_at",
    };

    private TargetView Read(DbDataReader reader) => new(
        new Change(reader.GetString(0), reader.GetInt64(1), reader.GetTime(2), reader.GetTime(3)),
        reader.GetString(4),
        (TargetType)reader.GetInt64(5),
        reader.GetBoolean(6),
        reader.GetString(7),
        TimeSpan.FromTicks(reader.GetInt64(8) / 100),
        reader.GetNullableString(9) is { } key ? _masterKey.Decrypt(JsonSerializer.Deserialize(key, TargetJson.Default.CryptoValue)!) : null,
        (PayloadType)reader.GetInt64(10));
}
