using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Hookgate.Verifier;

namespace Hookgate.Verifier.Tests;

/// <summary>Keys made once per run (RSA generation is slow), and helpers to publish them as ZITADEL does.</summary>
internal static class TestKeys
{
    public static readonly RSA Rsa = RSA.Create(2048);
    public static readonly RSA OtherRsa = RSA.Create(2048);
    public static readonly ECDsa P256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static JsonWebKey Jwk(RSA key, string kid, string? alg = "RS256")
    {
        var p = key.ExportParameters(false);
        return new JsonWebKey { Kty = "RSA", Kid = kid, Alg = alg, Use = "sig", N = B64(p.Modulus!), E = B64(p.Exponent!) };
    }

    public static JsonWebKey Jwk(ECAlgorithm key, string kid, string crv, string? alg)
    {
        var p = key.ExportParameters(false);
        return new JsonWebKey { Kty = "EC", Kid = kid, Alg = alg, Use = "sig", Crv = crv, X = B64(p.Q.X!), Y = B64(p.Q.Y!) };
    }

    /// <summary>The JSON of /oauth/v2/keys, so the tests go through <see cref="JsonWebKeySet.Parse"/>.</summary>
    public static string JwksJson(params JsonWebKey[] keys) =>
        JsonSerializer.Serialize(new { keys }, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });

    public static byte[] PublicKeyPem(AsymmetricAlgorithm key) => System.Text.Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem());

    public static string B64(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    public static byte[] FromB64(string text) => Base64Url.DecodeFromChars(text);

    public static string HeaderJson(string token) => System.Text.Encoding.UTF8.GetString(FromB64(token.Split('.')[0]));

    /// <summary>Flips one bit of a decoded segment and re-encodes the token.</summary>
    public static string Tamper(string token, int segment, int byteIndex = 0)
    {
        var parts = token.Split('.');
        var bytes = FromB64(parts[segment]);
        bytes[byteIndex] ^= 0x01;
        parts[segment] = B64(bytes);
        return string.Join('.', parts);
    }
}
