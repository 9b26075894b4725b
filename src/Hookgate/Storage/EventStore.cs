using System.Data.Common;
using Hookgate.Errors;

namespace Hookgate.Storage;

/// <summary>
/// The append-only event log with its projections. A write is a decision made inside one transaction: load the
/// aggregates it needs, append events, and on commit the events, unique constraints and read models land
/// together, so a read after a write sees it. A concurrent writer to the same aggregate makes the push collide on
/// the per-aggregate sequence; the decision then runs again on fresh state.
/// </summary>
public sealed class EventStore(Database database, EventSchema schema, ChangeFeed feed, TimeProvider time)
{
    /// <summary>Every round of colliding writers lets one through, so this bounds contention, not progress.</summary>
    private const int MaxAttempts = 64;

    public Database Database { get; } = database;

    /// <param name="exclusive">Also shut out every other exclusive writer on any node (first-start setup).</param>
    public async Task<T> WriteAsync<T>(string instanceId, string creator, Func<WriteSession, CancellationToken, Task<T>> decide, CancellationToken ct, bool exclusive = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryWriteAsync(instanceId, creator, decide, exclusive, ct);
            }
            catch (ConcurrencyConflictException e)
            {
                if (attempt == MaxAttempts)
                {
                    throw new ApiError(ErrorKind.Aborted, "STORE-Kx2pq", "Errors.Store.Contention", e);
                }
                // Decide again on the state the other writer left, after a short random pause that spreads the retries.
                await Task.Delay(Random.Shared.Next(0, Math.Min(attempt, 10)), ct);
            }
        }
    }

    private async Task<T> TryWriteAsync<T>(string instanceId, string creator, Func<WriteSession, CancellationToken, Task<T>> decide, bool exclusive, CancellationToken ct)
    {
        await using var lease = await Database.BeginWriteAsync(exclusive, ct);
        // Stored times have microsecond precision; answering with the same precision keeps create and read equal.
        var session = new WriteSession(this, lease, instanceId, creator, Sql.FromMicros(time.GetUtcNow().ToMicros()));
        var result = await decide(session, ct);
        if (await session.FlushAsync(ct))
        {
            var changes = ChangeFeed.Of(session.Appended);
            await Database.NotifyAsync(lease, feed.Tag, changes, ct);
            await lease.CommitAsync(ct);
            foreach (var change in changes)
            {
                feed.Publish(change);
            }
        }
        return result;
    }

    /// <summary>All events of one aggregate in sequence order, outside any write.</summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadAggregateAsync(string instanceId, string aggregateType, string aggregateId, CancellationToken ct)
    {
        await using var connection = await Database.OpenAsync(ct);
        return await ReadAggregateAsync(connection, null, instanceId, aggregateType, aggregateId, ct);
    }

    internal async Task<IReadOnlyList<StoredEvent>> ReadAggregateAsync(DbConnection connection, DbTransaction? transaction, string instanceId, string aggregateType, string aggregateId, CancellationToken ct)
    {
        await using var command = connection.Command(transaction,
            """
            SELECT sequence, position, event_type, payload, creator, created_at, resource_owner, aggregate_version
            FROM events WHERE instance_id = @instance AND aggregate_type = @type AND aggregate_id = @id
            ORDER BY sequence
            """,
            ("instance", instanceId), ("type", aggregateType), ("id", aggregateId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(ct))
        {
            var type = reader.GetString(2);
            events.Add(new StoredEvent(
                instanceId,
                new Aggregate(aggregateType, aggregateId, reader.GetString(6), reader.GetString(7)),
                reader.GetInt64(0),
                reader.GetInt64(1),
                type,
                schema.Deserialize(type, reader.GetNullableString(3)),
                reader.GetString(4),
                reader.GetTime(5)));
        }
        return events;
    }

    internal async Task<StoredEvent> InsertAsync(WriteLease lease, string instanceId, string creator, DateTimeOffset now, NewEvent e, long sequence, CancellationToken ct)
    {
        var payload = schema.Serialize(e);
        long position;
        try
        {
            position = Convert.ToInt64(await lease.Connection.ScalarAsync(lease.Transaction,
                """
                INSERT INTO events (instance_id, aggregate_type, aggregate_id, aggregate_version, sequence, event_type, payload, creator, resource_owner, created_at)
                VALUES (@instance, @type, @id, @version, @sequence, @event, @payload, @creator, @owner, @created)
                RETURNING position
                """, ct,
                ("instance", instanceId), ("type", e.Aggregate.Type), ("id", e.Aggregate.Id), ("version", e.Aggregate.Version),
                ("sequence", sequence), ("event", e.Type), ("payload", payload), ("creator", creator),
                ("owner", e.Aggregate.ResourceOwner), ("created", now.ToMicros())));
        }
        catch (Exception ex) when (Database.IsUniqueViolation(ex))
        {
            throw new ConcurrencyConflictException($"{e.Aggregate.Type} {e.Aggregate.Id} was written concurrently", ex);
        }
        var stored = new StoredEvent(instanceId, e.Aggregate, sequence, position, e.Type, e.Payload, creator, now);
        await schema.ReduceAsync(stored, new ProjectionWriter(Database, lease.Connection, lease.Transaction), ct);
        return stored;
    }
}

/// <summary>One decision's view of the store: what it loaded, what it will append.</summary>
public sealed class WriteSession
{
    private readonly EventStore _store;
    private readonly WriteLease _lease;
    private readonly Dictionary<(string Type, string Id), long> _sequences = [];
    private readonly List<NewEvent> _pending = [];
    private readonly List<UniqueConstraint> _constraints = [];

    internal WriteSession(EventStore store, WriteLease lease, string instanceId, string creator, DateTimeOffset now)
    {
        _store = store;
        _lease = lease;
        InstanceId = instanceId;
        Creator = creator;
        Now = now;
    }

    public string InstanceId { get; }
    public string Creator { get; }

    /// <summary>The creation time of every event of this write.</summary>
    public DateTimeOffset Now { get; }

    public DbConnection Connection => _lease.Connection;
    public DbTransaction Transaction => _lease.Transaction;
    public Database Database => _store.Database;

    public IReadOnlyList<StoredEvent> Appended { get; private set; } = [];

    /// <summary>
    /// The <see cref="Change"/> an aggregate will be at once this write commits, given what the decision
    /// loaded (<paramref name="loaded"/>) and appended to it so far.
    /// </summary>
    public Change ChangeOf(string aggregateType, string aggregateId, IReadOnlyList<StoredEvent> loaded)
    {
        var appended = _pending.Count(e => e.Aggregate.Type == aggregateType && e.Aggregate.Id == aggregateId);
        if (appended == 0)
        {
            return Change.Of(aggregateId, loaded);
        }
        return new Change(aggregateId, NextSequence(aggregateType, aggregateId) - 1, Now, loaded.Count == 0 ? Now : loaded[0].CreatedAt);
    }

    public async Task<IReadOnlyList<StoredEvent>> LoadAsync(string aggregateType, string aggregateId, CancellationToken ct)
    {
        var events = await _store.ReadAggregateAsync(Connection, Transaction, InstanceId, aggregateType, aggregateId, ct);
        _sequences[(aggregateType, aggregateId)] = events.Count == 0 ? 0 : events[^1].Sequence;
        return events;
    }

    /// <summary>The sequence the next appended event of this aggregate gets.</summary>
    public long NextSequence(string aggregateType, string aggregateId) =>
        _sequences.GetValueOrDefault((aggregateType, aggregateId)) + 1 + _pending.Count(e => e.Aggregate.Type == aggregateType && e.Aggregate.Id == aggregateId);

    public void Append(NewEvent e) => _pending.Add(e);

    public void Require(UniqueConstraint constraint) => _constraints.Add(constraint);

    /// <summary>Writes constraints, events and projections; false when there was nothing to write.</summary>
    internal async Task<bool> FlushAsync(CancellationToken ct)
    {
        if (_pending.Count == 0 && _constraints.Count == 0)
        {
            return false;
        }
        foreach (var constraint in _constraints)
        {
            await ApplyAsync(constraint, ct);
        }
        var appended = new List<StoredEvent>(_pending.Count);
        foreach (var e in _pending)
        {
            var key = (e.Aggregate.Type, e.Aggregate.Id);
            if (!_sequences.TryGetValue(key, out var sequence))
            {
                // Appending to an aggregate the decision did not load: continue its sequence as it is now.
                sequence = Convert.ToInt64(await Connection.ScalarAsync(Transaction,
                    "SELECT COALESCE(MAX(sequence), 0) FROM events WHERE instance_id = @instance AND aggregate_type = @type AND aggregate_id = @id",
                    ct, ("instance", InstanceId), ("type", key.Type), ("id", key.Id)));
            }
            _sequences[key] = ++sequence;
            appended.Add(await _store.InsertAsync(_lease, InstanceId, Creator, Now, e, sequence, ct));
        }
        Appended = appended;
        return true;
    }

    private async Task ApplyAsync(UniqueConstraint constraint, CancellationToken ct)
    {
        if (constraint.Action == UniqueConstraintAction.Remove)
        {
            await Connection.ExecuteAsync(Transaction,
                "DELETE FROM unique_constraints WHERE instance_id = @instance AND unique_type = @type AND unique_field = @field",
                ct, ("instance", InstanceId), ("type", constraint.Type), ("field", constraint.Field));
            return;
        }
        try
        {
            await Connection.ExecuteAsync(Transaction,
                "INSERT INTO unique_constraints (instance_id, unique_type, unique_field) VALUES (@instance, @type, @field)",
                ct, ("instance", InstanceId), ("type", constraint.Type), ("field", constraint.Field));
        }
        catch (Exception ex) when (Database.IsUniqueViolation(ex))
        {
            throw (Exception?)constraint.Conflict ?? new InvalidOperationException($"unique constraint {constraint.Type} violated", ex);
        }
    }
}
