using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Hookgate.Storage;

/// <summary>Updates a read model for one stored event, inside the transaction that appends it.</summary>
public delegate Task Reducer(StoredEvent stored, ProjectionWriter writer, CancellationToken ct);

/// <summary>
/// Everything the store knows about event types: how each payload is (de)serialised and which projections
/// reduce it. Each feature registers its own events at startup; event type names are ZITADEL's, because
/// users' event executions match on them.
/// </summary>
public sealed class EventSchema
{
    private readonly Dictionary<string, JsonTypeInfo?> _payloads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Reducer>> _reducers = new(StringComparer.Ordinal);

    public IEnumerable<string> EventTypes => _payloads.Keys;

    public EventSchema Event<T>(string eventType, JsonTypeInfo<T> payload)
    {
        _payloads.Add(eventType, payload);
        return this;
    }

    public EventSchema Event(string eventType)
    {
        _payloads.Add(eventType, null);
        return this;
    }

    public EventSchema Reduce(string eventType, Reducer reducer)
    {
        if (!_payloads.ContainsKey(eventType))
        {
            throw new InvalidOperationException($"Event type '{eventType}' is reduced but not registered.");
        }
        if (!_reducers.TryGetValue(eventType, out var list))
        {
            _reducers[eventType] = list = [];
        }
        list.Add(reducer);
        return this;
    }

    internal string? Serialize(NewEvent e)
    {
        if (!_payloads.TryGetValue(e.Type, out var info))
        {
            throw new InvalidOperationException($"Event type '{e.Type}' is not registered.");
        }
        return e.Payload is null || info is null ? null : JsonSerializer.Serialize(e.Payload, info);
    }

    internal object? Deserialize(string eventType, string? json)
    {
        if (json is null)
        {
            return null;
        }
        return _payloads.TryGetValue(eventType, out var info) && info is not null
            ? JsonSerializer.Deserialize(json, info)
            : JsonDocument.Parse(json).RootElement.Clone();
    }

    internal async Task ReduceAsync(StoredEvent stored, ProjectionWriter writer, CancellationToken ct)
    {
        if (_reducers.TryGetValue(stored.Type, out var reducers))
        {
            foreach (var reducer in reducers)
            {
                await reducer(stored, writer, ct);
            }
        }
    }
}

/// <summary>The transaction a reducer writes its read model in.</summary>
public sealed class ProjectionWriter(Database database, DbConnection connection, DbTransaction transaction)
{
    public Database Database { get; } = database;

    public Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        connection.ExecuteAsync(transaction, sql, ct, parameters);
}
