using System.Text.Json.Serialization;

namespace Hookgate.Crypto;

/// <summary>An encrypted secret as stored in events, in the shape of ZITADEL's crypto.CryptoValue.</summary>
public sealed record CryptoValue(
    [property: JsonPropertyName("CryptoType")] int CryptoType,
    [property: JsonPropertyName("Algorithm")] string Algorithm,
    [property: JsonPropertyName("KeyID")] string KeyId,
    [property: JsonPropertyName("Crypted")] byte[] Crypted);
