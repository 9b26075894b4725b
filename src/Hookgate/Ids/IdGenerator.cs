namespace Hookgate.Ids;

/// <summary>
/// Numeric, time-ordered IDs in the sonyflake layout ZITADEL uses: 39 bits of 10 ms ticks since an epoch,
/// 8 bits of per-tick sequence, 16 bits of node ID. The node ID is leased from the shared database at start,
/// so several nodes on one PostgreSQL database never hand out the same ID.
/// </summary>
public sealed class IdGenerator
{
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int SequenceBits = 8;
    private const int NodeBits = 16;
    private const long MaxSequence = (1 << SequenceBits) - 1;

    private readonly TimeProvider _time;
    private readonly long _node;
    private readonly Lock _lock = new();
    private long _tick;
    private long _sequence;

    public IdGenerator(TimeProvider time, ushort nodeId)
    {
        _time = time;
        _node = nodeId;
    }

    public string Next()
    {
        long tick, sequence;
        lock (_lock)
        {
            var now = CurrentTick();
            if (now > _tick)
            {
                _tick = now;
                _sequence = 0;
            }
            else if (++_sequence > MaxSequence)
            {
                // 256 IDs per 10 ms are used up: borrow the next tick rather than wait.
                _tick++;
                _sequence = 0;
            }
            tick = _tick;
            sequence = _sequence;
        }
        return ((tick << (SequenceBits + NodeBits)) | (sequence << NodeBits) | _node).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private long CurrentTick() => (_time.GetUtcNow() - Epoch).Ticks / TimeSpan.TicksPerMillisecond / 10;
}
