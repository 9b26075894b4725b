using Hookgate.Crypto;
using Hookgate.Storage;

namespace Hookgate.Targets;

/// <summary>A target as its events leave it: the write model commands decide on.</summary>
public sealed class TargetState
{
    public bool Exists { get; private set; }
    public string Name { get; private set; } = "";
    public TargetType Type { get; private set; }
    public string Endpoint { get; private set; } = "";
    public long TimeoutNanos { get; private set; }
    public bool InterruptOnError { get; private set; }
    public CryptoValue? SigningKey { get; private set; }
    public PayloadType PayloadType { get; private set; }
    public DateTimeOffset ChangeDate { get; private set; }
    public Dictionary<string, KeyState> Keys { get; } = new(StringComparer.Ordinal);

    public sealed record KeyState(bool Active, DateTimeOffset? Expiration);

    public static TargetState From(IEnumerable<StoredEvent> events)
    {
        var state = new TargetState();
        foreach (var e in events)
        {
            state.Apply(e);
        }
        return state;
    }

    private void Apply(StoredEvent e)
    {
        ChangeDate = e.CreatedAt;
        switch (e.Payload)
        {
            case TargetAdded added:
                Exists = true;
                (Name, Type, Endpoint, TimeoutNanos, SigningKey, PayloadType) =
                    (added.Name, added.TargetType, added.Endpoint, added.Timeout, added.SigningKey, added.PayloadType);
                // ZITADEL forgets interruptOnError here (reference §1.1); Hookgate keeps it.
                InterruptOnError = added.InterruptOnError;
                Keys.Clear();
                break;
            case TargetChanged changed:
                Name = changed.Name ?? Name;
                Type = changed.TargetType ?? Type;
                Endpoint = changed.Endpoint ?? Endpoint;
                TimeoutNanos = changed.Timeout ?? TimeoutNanos;
                InterruptOnError = changed.InterruptOnError ?? InterruptOnError;
                SigningKey = changed.SigningKey ?? SigningKey;
                PayloadType = changed.PayloadType ?? PayloadType;
                break;
            case TargetKeyAdded key:
                Keys[key.KeyId] = new KeyState(false, key.ExpirationDate);
                break;
            case TargetKeyChanged key when Keys.TryGetValue(key.KeyId, out var current):
                switch (e.Type)
                {
                    case TargetEvents.KeyActivated:
                        foreach (var id in Keys.Keys.ToArray())
                        {
                            Keys[id] = Keys[id] with { Active = false };
                        }
                        Keys[key.KeyId] = current with { Active = true };
                        break;
                    case TargetEvents.KeyDeactivated:
                        Keys[key.KeyId] = current with { Active = false };
                        break;
                    case TargetEvents.KeyRemoved:
                        Keys.Remove(key.KeyId);
                        break;
                }
                break;
            case null when e.Type == TargetEvents.Removed:
                Exists = false;
                Keys.Clear();
                break;
        }
    }
}
