using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hookgate.Verifier;

/// <summary>The keys ZITADEL signs JWT payloads with, from <c>https://&lt;instance&gt;/oauth/v2/keys</c>.</summary>
/// <remarks>ZITADEL rotates its signing keys: fetch the set again when a token names a kid it does not hold.</remarks>
public sealed class JsonWebKeySet
{
    /// <summary>Creates a set from keys at hand.</summary>
    public JsonWebKeySet(IEnumerable<JsonWebKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = [.. keys];
    }

    /// <summary>The keys, in the order of the document.</summary>
    public IReadOnlyList<JsonWebKey> Keys { get; }

    /// <summary>Parses a JWKS document: <c>{"keys":[{"kty":"RSA","kid":...,"n":...,"e":...}, {"kty":"EC","crv":...,"x":...,"y":...}]}</c>.</summary>
    /// <exception cref="WebhookVerificationException">The JSON is not a key set.</exception>
    public static JsonWebKeySet Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var document = JsonSerializer.Deserialize(json, KeySetJsonContext.Default.KeySetDocument);
            var keys = document?.Keys ?? throw new WebhookVerificationException("The JSON web key set has no \"keys\" array.");
            return new JsonWebKeySet(keys.OfType<JsonWebKey>());
        }
        catch (JsonException e)
        {
            throw new WebhookVerificationException($"The JSON web key set is not valid: {e.Message}", e);
        }
    }

    /// <summary>The key with this ID, or null.</summary>
    public JsonWebKey? Find(string kid) => Keys.FirstOrDefault(k => k.Kid == kid);
}

internal sealed record KeySetDocument([property: JsonPropertyName("keys")] List<JsonWebKey?>? Keys);

// Source-generated, so receivers can publish trimmed or native AOT.
[JsonSerializable(typeof(KeySetDocument))]
internal sealed partial class KeySetJsonContext : JsonSerializerContext;
