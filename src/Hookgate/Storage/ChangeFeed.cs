using System.Globalization;
using System.Text;

namespace Hookgate.Storage;

/// <summary>An aggregate reached <see cref="Sequence"/> in a committed write.</summary>
public readonly record struct AggregateChange(string InstanceId, string AggregateType, string AggregateId, long Sequence);

/// <summary>
/// Tells in-memory read models that aggregates changed: at once for this node's own commits (before the write
/// returns, so a read after a write sees it), and from the database's notifications for other nodes' commits.
/// When notifications may have been lost (a dropped listener connection), subscribers are told to forget everything.
/// </summary>
public sealed class ChangeFeed
{
    private readonly List<Action<AggregateChange>> _subscribers = [];

    /// <summary>Marks this node's notifications, so it skips its own echo (it published those at commit).</summary>
    public string Tag { get; } = Guid.NewGuid().ToString("N");
    private readonly List<Action> _resyncSubscribers = [];

    /// <summary>Registers a handler at startup; handlers must be quick and must not throw.</summary>
    public void Subscribe(Action<AggregateChange> onChange, Action onResync)
    {
        _subscribers.Add(onChange);
        _resyncSubscribers.Add(onResync);
    }

    public void Publish(AggregateChange change)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber(change);
        }
    }

    public void Resync()
    {
        foreach (var subscriber in _resyncSubscribers)
        {
            subscriber();
        }
    }

    /// <summary>The last change of each aggregate in a commit.</summary>
    public static IReadOnlyList<AggregateChange> Of(IReadOnlyList<StoredEvent> events)
    {
        var latest = new Dictionary<(string, string), AggregateChange>();
        foreach (var e in events)
        {
            latest[(e.Aggregate.Type, e.Aggregate.Id)] = new AggregateChange(e.InstanceId, e.Aggregate.Type, e.Aggregate.Id, e.Sequence);
        }
        return [.. latest.Values];
    }

    /// <summary>Handles a database notification: another node's changes are published, this node's own are skipped.</summary>
    public void OnNotification(string payload)
    {
        var newline = payload.IndexOf('\n');
        if (newline < 0 || payload.AsSpan(0, newline).SequenceEqual(Tag))
        {
            return;
        }
        foreach (var change in Decode(payload[(newline + 1)..]))
        {
            Publish(change);
        }
    }

    /// <summary>Notification payload: the sender's tag, then one change per line, fields separated by tabs (IDs contain neither).</summary>
    public static string Encode(string tag, IEnumerable<AggregateChange> changes)
    {
        var text = new StringBuilder(tag).Append('\n');
        foreach (var c in changes)
        {
            text.Append(c.InstanceId).Append('\t').Append(c.AggregateType).Append('\t').Append(c.AggregateId).Append('\t')
                .Append(c.Sequence.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    public static IEnumerable<AggregateChange> Decode(string payload)
    {
        foreach (var line in payload.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length == 4 && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                yield return new AggregateChange(parts[0], parts[1], parts[2], sequence);
            }
        }
    }
}
