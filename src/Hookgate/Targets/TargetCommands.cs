using System.Security.Cryptography;
using Hookgate.Crypto;
using Hookgate.Errors;
using Hookgate.Ids;
using Hookgate.Storage;

namespace Hookgate.Targets;

public sealed record CreateTarget(string Name, TargetType Type, bool InterruptOnError, string Endpoint, TimeSpan Timeout, PayloadType PayloadType);

public sealed record TargetCreated(Change Change, string SigningKey)
{
    public string Id => Change.AggregateId;
}

/// <summary>Every field is optional: null leaves it as it is.</summary>
public sealed record UpdateTarget(
    string Id,
    string? Name = null,
    TargetType? Type = null,
    bool? InterruptOnError = null,
    string? Endpoint = null,
    TimeSpan? Timeout = null,
    bool RegenerateSigningKey = false,
    PayloadType? PayloadType = null);

/// <summary>The target after the update (or as it was, when nothing changed); the new signing key if one was made.</summary>
public sealed record TargetUpdated(Change Change, string? SigningKey);



/// <summary>Creating, changing and removing targets and their public keys (ZITADEL's command package rules).</summary>
public sealed class TargetCommands(EventStore store, IdGenerator ids, MasterKey masterKey, Runtime.Outbound.DenyList denyList)
{
    public async Task<TargetCreated> CreateAsync(string instanceId, string creator, CreateTarget command, CancellationToken ct)
    {
        if (command.Name.Length == 0)
        {
            throw ApiError.InvalidArgument("COMMAND-ddqbm9us5p", "Errors.Target.Invalid");
        }
        if (command.Timeout <= TimeSpan.Zero)
        {
            throw ApiError.InvalidArgument("COMMAND-39f35d8uri", "Errors.Target.NoTimeout");
        }
        if (!IsValidEndpoint(command.Endpoint))
        {
            throw ApiError.InvalidArgument("COMMAND-1r2k6qo6wg", "Errors.Target.InvalidURL");
        }
        await CheckNotDeniedAsync(command.Endpoint, "COMMAND-NcJUKo", ct);
        var id = ids.Next();
        var signingKey = SecretGenerator.SigningKey();
        var interrupt = command.Type != TargetType.Async && command.InterruptOnError;
        return await store.WriteAsync(instanceId, creator, async (session, ct) =>
        {
            var existing = TargetState.From(await session.LoadAsync(TargetEvents.Aggregate, id, ct));
            if (existing.Exists)
            {
                throw ApiError.AlreadyExists("INSTANCE-9axkz0jvzm", "Errors.Target.AlreadyExists");
            }
            session.Require(UniqueConstraint.Add(TargetEvents.NameConstraint, command.Name, NameTaken()));
            session.Append(new NewEvent(Aggregate(instanceId, id), TargetEvents.Added, new TargetAdded(
                command.Name, command.Type, command.Endpoint, command.Timeout.Ticks * 100, interrupt,
                masterKey.Encrypt(signingKey), command.PayloadType)));
            return new TargetCreated(session.ChangeOf(TargetEvents.Aggregate, id, []), signingKey);
        }, ct);
    }

    public async Task<TargetUpdated> UpdateAsync(string instanceId, string creator, UpdateTarget command, CancellationToken ct)
    {
        if (command.Id.Length == 0)
        {
            throw ApiError.InvalidArgument("COMMAND-1l6ympeagp", "Errors.IDMissing");
        }
        if (command.Name is { Length: 0 })
        {
            throw ApiError.InvalidArgument("COMMAND-d1wx4lm0zr", "Errors.Target.Invalid");
        }
        if (command.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw ApiError.InvalidArgument("COMMAND-08b39vdi57", "Errors.Target.NoTimeout");
        }
        if (command.Endpoint is { } endpoint)
        {
            if (!IsValidEndpoint(endpoint))
            {
                throw ApiError.InvalidArgument("COMMAND-jsbaera7b6", "Errors.Target.InvalidURL");
            }
            await CheckNotDeniedAsync(endpoint, "COMMAND-jKbbu2", ct);
        }
        var newKey = command.RegenerateSigningKey ? SecretGenerator.SigningKey() : null;
        return await store.WriteAsync(instanceId, creator, async (session, ct) =>
        {
            var events = await session.LoadAsync(TargetEvents.Aggregate, command.Id, ct);
            var state = TargetState.From(events);
            if (!state.Exists)
            {
                throw ApiError.NotFound("COMMAND-xj14f2cccn", "Errors.Target.NotFound");
            }
            var type = command.Type ?? state.Type;
            // An async target never interrupts; changing a target to async clears the flag.
            var interrupt = type == TargetType.Async ? false : command.InterruptOnError ?? state.InterruptOnError;
            var timeoutNanos = command.Timeout?.Ticks * 100;
            var payloadType = command.PayloadType is null or Targets.PayloadType.Unspecified ? (PayloadType?)null : command.PayloadType;
            var changed = new TargetChanged(
                Name: Changed(command.Name, state.Name),
                TargetType: type != state.Type ? type : null,
                Endpoint: Changed(command.Endpoint, state.Endpoint),
                Timeout: timeoutNanos is { } t && t != state.TimeoutNanos ? t : null,
                InterruptOnError: interrupt != state.InterruptOnError ? interrupt : null,
                SigningKey: newKey is null ? null : masterKey.Encrypt(newKey),
                PayloadType: payloadType is { } p && p != state.PayloadType ? p : null);
            if (changed == new TargetChanged())
            {
                return new TargetUpdated(Change.Of(command.Id, events), null);
            }
            if (changed.Name is not null)
            {
                session.Require(UniqueConstraint.Remove(TargetEvents.NameConstraint, state.Name));
                session.Require(UniqueConstraint.Add(TargetEvents.NameConstraint, changed.Name, NameTaken()));
            }
            session.Append(new NewEvent(Aggregate(instanceId, command.Id), TargetEvents.Changed, changed));
            return new TargetUpdated(session.ChangeOf(TargetEvents.Aggregate, command.Id, events), newKey);
        }, ct);
    }

    /// <summary>
    /// Removes a target. Idempotent (v2): a removed or unknown target stays as it is, reported by its last event or
    /// <see cref="Change.None"/>; unless <paramref name="mustExist"/> (the v3alpha generations), which makes it NotFound.
    /// </summary>
    public Task<Change> DeleteAsync(string instanceId, string creator, string id, CancellationToken ct, bool mustExist = false)
    {
        if (id.Length == 0)
        {
            throw ApiError.InvalidArgument("COMMAND-obqos2l3no", "Errors.IDMissing");
        }
        return store.WriteAsync(instanceId, creator, async (session, ct) =>
        {
            var events = await session.LoadAsync(TargetEvents.Aggregate, id, ct);
            var state = TargetState.From(events);
            if (!state.Exists)
            {
                return mustExist ? throw ApiError.NotFound("COMMAND-k4s7ucu0ax", "Errors.Target.NotFound") : Change.Of(id, events);
            }
            session.Require(UniqueConstraint.Remove(TargetEvents.NameConstraint, state.Name));
            session.Append(new NewEvent(Aggregate(instanceId, id), TargetEvents.Removed));
            return session.ChangeOf(TargetEvents.Aggregate, id, events);
        }, ct);
    }

    public Task<(string KeyId, DateTimeOffset CreationDate)> AddPublicKeyAsync(string instanceId, string creator, string targetId, byte[] publicKey, DateTimeOffset? expiration, CancellationToken ct)
    {
        if (targetId.Length == 0)
        {
            throw ApiError.InvalidArgument("ErrTargetIDMissing", "Errors.IDMissing");
        }
        var fingerprint = PublicKeys.Fingerprint(publicKey);
        return store.WriteAsync(instanceId, creator, async (session, ct) =>
        {
            if (expiration is { } expires && expires < session.Now)
            {
                throw ApiError.InvalidArgument("ErrExpirationDateBeforeNow", "Errors.Target.InvalidExpirationDate");
            }
            var state = TargetState.From(await session.LoadAsync(TargetEvents.Aggregate, targetId, ct));
            if (!state.Exists)
            {
                throw ApiError.FailedPrecondition("COMMAND-nd3fsd", "Errors.Target.NotFound");
            }
            var keyId = ids.Next();
            session.Append(new NewEvent(Aggregate(instanceId, targetId), TargetEvents.KeyAdded, new TargetKeyAdded(keyId, publicKey, fingerprint, expiration)));
            return (keyId, session.Now);
        }, ct);
    }

    public Task<DateTimeOffset> ActivatePublicKeyAsync(string instanceId, string creator, string targetId, string keyId, CancellationToken ct) =>
        ChangeKeyAsync(instanceId, creator, targetId, keyId, (state, key, now) =>
        {
            if (key is null)
            {
                throw ApiError.FailedPrecondition("COMMAND-SAF4g", "Errors.Target.NotFound");
            }
            if (key.Expiration is { } expires && expires < now)
            {
                throw ApiError.FailedPrecondition("COMMAND-SAF4g", "Errors.Target.PublicKeyExpired");
            }
            return key.Active ? null : TargetEvents.KeyActivated;
        }, ct);

    public Task<DateTimeOffset> DeactivatePublicKeyAsync(string instanceId, string creator, string targetId, string keyId, CancellationToken ct) =>
        ChangeKeyAsync(instanceId, creator, targetId, keyId, (state, key, now) =>
        {
            if (key is null)
            {
                throw ApiError.FailedPrecondition("COMMAND-SAF4g", "Errors.Target.NotFound");
            }
            return key.Active ? TargetEvents.KeyDeactivated : null;
        }, ct);

    /// <summary>Removing a key that does not exist succeeds; an active key must be deactivated first.</summary>
    public Task<DateTimeOffset> RemovePublicKeyAsync(string instanceId, string creator, string targetId, string keyId, CancellationToken ct) =>
        ChangeKeyAsync(instanceId, creator, targetId, keyId, (state, key, now) =>
        {
            if (key is { Active: true })
            {
                throw ApiError.FailedPrecondition("ErrPublicKeyDeleteActiveKey", "Errors.Target.PublicKeyActive");
            }
            return key is null ? null : TargetEvents.KeyRemoved;
        }, ct);

    /// <summary>Loads the target, lets <paramref name="decide"/> pick the key event (null: nothing to do) and returns the change date.</summary>
    private Task<DateTimeOffset> ChangeKeyAsync(string instanceId, string creator, string targetId, string keyId,
        Func<TargetState, TargetState.KeyState?, DateTimeOffset, string?> decide, CancellationToken ct)
    {
        if (targetId.Length == 0 || keyId.Length == 0)
        {
            throw ApiError.InvalidArgument("ErrTargetIDMissing", "Errors.IDMissing");
        }
        return store.WriteAsync(instanceId, creator, async (session, ct) =>
        {
            var state = TargetState.From(await session.LoadAsync(TargetEvents.Aggregate, targetId, ct));
            var key = state.Exists ? state.Keys.GetValueOrDefault(keyId) : null;
            if (decide(state, key, session.Now) is not { } eventType)
            {
                return state.ChangeDate;
            }
            session.Append(new NewEvent(Aggregate(instanceId, targetId), eventType, new TargetKeyChanged(keyId)));
            return session.Now;
        }, ct);
    }

    /// <summary>
    /// A denied host or address is refused when the target is saved (and again on every call). Unlike ZITADEL
    /// (issue #12244), a name that does not resolve yet is accepted: the call-time check still guards it.
    /// </summary>
    private async Task CheckNotDeniedAsync(string endpoint, string errorId, CancellationToken ct)
    {
        if (await denyList.IsDeniedAsync(new Uri(endpoint), ct) == Runtime.Outbound.EndpointCheck.DeniedHost)
        {
            throw ApiError.InvalidArgument(errorId, "Errors.Target.DeniedURL");
        }
    }

    private static Aggregate Aggregate(string instanceId, string id) => new(TargetEvents.Aggregate, id, instanceId);

    private static ApiError NameTaken() => ApiError.AlreadyExists("V3-DKcYh", "Errors.Target.AlreadyExists");

    private static string? Changed(string? requested, string current) => requested is not null && requested != current ? requested : null;

    /// <summary>An absolute http(s) URL with a host. Stricter than Go's url.Parse, which accepts almost anything.</summary>
    public static bool IsValidEndpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;
}

/// <summary>Target public keys: PEM "PUBLIC KEY" (PKIX), RSA or ECDSA, fingerprinted as ZITADEL does.</summary>
public static class PublicKeys
{
    /// <summary>"SHA256:" + unpadded base64 of SHA-256 over the DER SubjectPublicKeyInfo.</summary>
    public static string Fingerprint(byte[] pem)
    {
        byte[] der;
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(pem);
            var fields = PemEncoding.Find(text);
            if (text[fields.Label] != "PUBLIC KEY")
            {
                throw InvalidKey();
            }
            der = Convert.FromBase64String(text[fields.Base64Data]);
            if (!IsRsaOrEcdsa(der))
            {
                throw InvalidKey();
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or CryptographicException)
        {
            throw InvalidKey();
        }
        return "SHA256:" + Convert.ToBase64String(SHA256.HashData(der)).TrimEnd('=');
    }

    private static bool IsRsaOrEcdsa(byte[] der)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(der, out _);
            return true;
        }
        catch (CryptographicException)
        {
        }
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(der, out _);
        return true;
    }

    private static ApiError InvalidKey() => ApiError.InvalidArgument("ErrPublicKeyFormat", "Errors.Target.InvalidPublicKey");
}
