using System.Text.Json;
using Hookgate.Crypto;
using Hookgate.Storage;

namespace Hookgate.Targets;

/// <summary>The targets and target_public_keys read models.</summary>
internal static class TargetProjection
{
    public static void Register(EventSchema schema)
    {
        schema.Reduce(TargetEvents.Added, (e, w, ct) =>
            {
                var added = (TargetAdded)e.Payload!;
                return w.ExecuteAsync(
                    """
                    INSERT INTO targets (instance_id, id, name, target_type, endpoint, timeout_ns, interrupt_on_error, signing_key, payload_type, created_at, change_date, sequence)
                    VALUES (@instance, @id, @name, @type, @endpoint, @timeout, @interrupt, @key, @payload, @at, @at, @seq)
                    """, ct,
                    ("instance", e.InstanceId), ("id", e.Aggregate.Id), ("name", added.Name), ("type", (long)added.TargetType),
                    ("endpoint", added.Endpoint), ("timeout", added.Timeout), ("interrupt", added.InterruptOnError),
                    ("key", Serialize(added.SigningKey)), ("payload", (long)added.PayloadType), ("at", e.CreatedAt.ToMicros()), ("seq", e.Sequence));
            })
            .Reduce(TargetEvents.Changed, (e, w, ct) =>
            {
                var changed = (TargetChanged)e.Payload!;
                return w.ExecuteAsync(
                    """
                    UPDATE targets SET
                        name = COALESCE(@name, name),
                        target_type = COALESCE(@type, target_type),
                        endpoint = COALESCE(@endpoint, endpoint),
                        timeout_ns = COALESCE(@timeout, timeout_ns),
                        interrupt_on_error = COALESCE(@interrupt, interrupt_on_error),
                        signing_key = COALESCE(@key, signing_key),
                        payload_type = COALESCE(@payload, payload_type),
                        change_date = @at, sequence = @seq
                    WHERE instance_id = @instance AND id = @id
                    """, ct,
                    ("instance", e.InstanceId), ("id", e.Aggregate.Id), ("name", changed.Name), ("type", (long?)changed.TargetType),
                    ("endpoint", changed.Endpoint), ("timeout", changed.Timeout), ("interrupt", changed.InterruptOnError),
                    ("key", changed.SigningKey is null ? null : Serialize(changed.SigningKey)), ("payload", (long?)changed.PayloadType),
                    ("at", e.CreatedAt.ToMicros()), ("seq", e.Sequence));
            })
            .Reduce(TargetEvents.Removed, async (e, w, ct) =>
            {
                var target = ("instance", (object?)e.InstanceId);
                var id = ("id", (object?)e.Aggregate.Id);
                await w.ExecuteAsync("DELETE FROM targets WHERE instance_id = @instance AND id = @id", ct, target, id);
                await w.ExecuteAsync("DELETE FROM target_public_keys WHERE instance_id = @instance AND target_id = @id", ct, target, id);
            })
            .Reduce(TargetEvents.KeyAdded, (e, w, ct) =>
            {
                var key = (TargetKeyAdded)e.Payload!;
                return w.ExecuteAsync(
                    """
                    INSERT INTO target_public_keys (instance_id, target_id, key_id, active, public_key, fingerprint, expiration, created_at, change_date, sequence)
                    VALUES (@instance, @target, @key, @active, @pem, @fingerprint, @expiration, @at, @at, @seq)
                    """, ct,
                    ("instance", e.InstanceId), ("target", e.Aggregate.Id), ("key", key.KeyId), ("active", false), ("pem", key.PublicKey),
                    ("fingerprint", key.Fingerprint), ("expiration", key.ExpirationDate?.ToMicros()), ("at", e.CreatedAt.ToMicros()), ("seq", e.Sequence));
            })
            .Reduce(TargetEvents.KeyActivated, async (e, w, ct) =>
            {
                var keyId = ((TargetKeyChanged)e.Payload!).KeyId;
                // Only one key of a target is active: activating one deactivates the others.
                await w.ExecuteAsync(
                    """
                    UPDATE target_public_keys SET active = @false, change_date = @at, sequence = @seq
                    WHERE instance_id = @instance AND target_id = @target AND active = @true AND key_id <> @key
                    """, ct,
                    ("instance", e.InstanceId), ("target", e.Aggregate.Id), ("key", keyId), ("false", false), ("true", true), ("at", e.CreatedAt.ToMicros()), ("seq", e.Sequence));
                await SetKeyActive(w, e, keyId, true, ct);
            })
            .Reduce(TargetEvents.KeyDeactivated, (e, w, ct) => SetKeyActive(w, e, ((TargetKeyChanged)e.Payload!).KeyId, false, ct))
            .Reduce(TargetEvents.KeyRemoved, (e, w, ct) => w.ExecuteAsync(
                "DELETE FROM target_public_keys WHERE instance_id = @instance AND target_id = @target AND key_id = @key", ct,
                ("instance", e.InstanceId), ("target", e.Aggregate.Id), ("key", ((TargetKeyChanged)e.Payload!).KeyId)));
    }

    private static Task<int> SetKeyActive(ProjectionWriter w, StoredEvent e, string keyId, bool active, CancellationToken ct) => w.ExecuteAsync(
        "UPDATE target_public_keys SET active = @active, change_date = @at, sequence = @seq WHERE instance_id = @instance AND target_id = @target AND key_id = @key", ct,
        ("instance", e.InstanceId), ("target", e.Aggregate.Id), ("key", keyId), ("active", active), ("at", e.CreatedAt.ToMicros()), ("seq", e.Sequence));

    private static string Serialize(CryptoValue value) => JsonSerializer.Serialize(value, TargetJson.Default.CryptoValue);
}
