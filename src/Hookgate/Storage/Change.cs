namespace Hookgate.Storage;

/// <summary>
/// Where a write left an aggregate: what each API generation reports about it (v2 a date, the first v3alpha
/// generation sequence and date, the second also the ID and creation date). For a write that changed nothing,
/// it describes the aggregate's last event; for an aggregate that never existed, it is <see cref="None"/>.
/// </summary>
public sealed record Change(string AggregateId, long Sequence, DateTimeOffset ChangeDate, DateTimeOffset CreationDate)
{
    public static Change None(string aggregateId) => new(aggregateId, 0, DateTimeOffset.MinValue, DateTimeOffset.MinValue);

    public bool Exists => Sequence > 0;

    /// <summary>The state of an aggregate from its events, or <see cref="None"/> without any.</summary>
    public static Change Of(string aggregateId, IReadOnlyList<StoredEvent> events) =>
        events.Count == 0 ? None(aggregateId) : new(aggregateId, events[^1].Sequence, events[^1].CreatedAt, events[0].CreatedAt);
}
