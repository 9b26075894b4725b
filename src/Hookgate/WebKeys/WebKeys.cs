using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Hookgate.Crypto;
using Hookgate.Ids;
using Hookgate.Storage;

namespace Hookgate.WebKeys;

/// <summary>web_key.added: an RS256 key pair; the private key (PKCS#8) encrypted with the master key.</summary>
public sealed record WebKeyAdded(string KeyId, string Algorithm, CryptoValue PrivateKey, byte[] PublicKey);

/// <summary>web_key.activated: the key that signs from now on; the others stay published for verification.</summary>
public sealed record WebKeyActivated(string KeyId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WebKeyAdded))]
[JsonSerializable(typeof(WebKeyActivated))]
internal sealed partial class WebKeyJson : JsonSerializerContext;

/// <summary>The instance's key that signs JWT payloads, with its public part for the JWKS.</summary>
public sealed record WebKey(string KeyId, string Algorithm, RSA PrivateKey);

/// <summary>
/// The instance's signing keys for JWT and JWE payloads (ZITADEL's web keys): created on first start, published as
/// a JWKS at /oauth/v2/keys so receivers can verify. Read once and kept in memory; they change only through this class.
/// </summary>
public sealed class WebKeys(EventStore store, Database database, MasterKey masterKey, IdGenerator ids)
{
    public const string Aggregate = "web_key";
    public const string Added = "web_key.added";
    public const string Activated = "web_key.activated";

    private readonly Dictionary<string, WebKey> _active = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);

    public static void Register(EventSchema schema)
    {
        schema.Event(Added, WebKeyJson.Default.WebKeyAdded).Event(Activated, WebKeyJson.Default.WebKeyActivated);
        schema.Reduce(Added, (e, w, ct) =>
        {
            var key = (WebKeyAdded)e.Payload!;
            return w.ExecuteAsync(
                "INSERT INTO web_keys (instance_id, key_id, algorithm, private_key, public_key, active, created_at) VALUES (@instance, @key, @alg, @private, @public, @active, @at)", ct,
                ("instance", e.InstanceId), ("key", key.KeyId), ("alg", key.Algorithm), ("private", System.Text.Json.JsonSerializer.Serialize(key.PrivateKey, WebKeyCryptoJson.Default.CryptoValue)),
                ("public", key.PublicKey), ("active", false), ("at", e.CreatedAt.ToMicros()));
        })
        .Reduce(Activated, async (e, w, ct) =>
        {
            var keyId = ((WebKeyActivated)e.Payload!).KeyId;
            await w.ExecuteAsync("UPDATE web_keys SET active = @false WHERE instance_id = @instance AND key_id <> @key", ct,
                ("instance", e.InstanceId), ("key", keyId), ("false", false));
            await w.ExecuteAsync("UPDATE web_keys SET active = @true WHERE instance_id = @instance AND key_id = @key", ct,
                ("instance", e.InstanceId), ("key", keyId), ("true", true));
        });
    }

    /// <summary>Creates and activates a signing key for an instance that has none (first start, or an upgrade).</summary>
    public Task EnsureAsync(string instanceId, CancellationToken ct) =>
        store.WriteAsync(instanceId, "SYSTEM", async (session, ct) =>
        {
            if (await session.Connection.ScalarAsync(session.Transaction, "SELECT key_id FROM web_keys WHERE instance_id = @instance AND active = @true", ct,
                ("instance", instanceId), ("true", true)) is not null)
            {
                return 0;
            }
            using var rsa = RSA.Create(2048);
            var keyId = ids.Next();
            var aggregate = new Aggregate(Aggregate, keyId, instanceId);
            session.Append(new NewEvent(aggregate, Added, new WebKeyAdded(keyId, "RS256",
                masterKey.Encrypt(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())), rsa.ExportSubjectPublicKeyInfo())));
            session.Append(new NewEvent(aggregate, Activated, new WebKeyActivated(keyId)));
            return 1;
        }, ct, exclusive: true);

    /// <summary>The key that signs the instance's JWT payloads.</summary>
    public async ValueTask<WebKey> ActiveAsync(string instanceId, CancellationToken ct)
    {
        lock (_active)
        {
            if (_active.TryGetValue(instanceId, out var cached))
            {
                return cached;
            }
        }
        await _loading.WaitAsync(ct);
        try
        {
            await using var connection = await database.OpenAsync(ct);
            await using var command = connection.Command(null,
                "SELECT key_id, algorithm, private_key FROM web_keys WHERE instance_id = @instance AND active = @true", ("instance", instanceId), ("true", true));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                throw Errors.ApiError.Internal("EXEC-WebKey", "Errors.WebKey.NoActive");
            }
            var rsa = RSA.Create();
            var crypted = System.Text.Json.JsonSerializer.Deserialize(reader.GetString(2), WebKeyCryptoJson.Default.CryptoValue)!;
            rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(masterKey.Decrypt(crypted)), out _);
            var key = new WebKey(reader.GetString(0), reader.GetString(1), rsa);
            lock (_active)
            {
                _active[instanceId] = key;
            }
            return key;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The JWKS of an instance: every key's public part, as /oauth/v2/keys publishes it.</summary>
    public async Task<string> JsonWebKeySetAsync(string instanceId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.Command(null,
            "SELECT key_id, algorithm, public_key FROM web_keys WHERE instance_id = @instance ORDER BY created_at", ("instance", instanceId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new JsonArray();
        while (await reader.ReadAsync(ct))
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(reader.GetFieldValue<byte[]>(2), out _);
            var parameters = rsa.ExportParameters(includePrivateParameters: false);
            keys.Add(new JsonObject
            {
                ["use"] = "sig",
                ["kty"] = "RSA",
                ["kid"] = reader.GetString(0),
                ["alg"] = reader.GetString(1),
                ["n"] = Base64Url.EncodeToString(parameters.Modulus),
                ["e"] = Base64Url.EncodeToString(parameters.Exponent),
            });
        }
        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }
}

[JsonSerializable(typeof(CryptoValue))]
internal sealed partial class WebKeyCryptoJson : JsonSerializerContext;
