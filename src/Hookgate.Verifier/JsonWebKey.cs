using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Hookgate.Verifier;

/// <summary>One public key of a JSON Web Key Set (RFC 7517), as ZITADEL publishes them at <c>/oauth/v2/keys</c>.</summary>
public sealed record JsonWebKey
{
    /// <summary>Key type: "RSA" or "EC" verify; other types (such as "OKP" for Ed25519) are kept but cannot.</summary>
    [JsonPropertyName("kty")]
    public required string Kty { get; init; }

    /// <summary>Key ID, matched against the token's "kid".</summary>
    [JsonPropertyName("kid")]
    public string? Kid { get; init; }

    /// <summary>The one algorithm the key is for, when the set says.</summary>
    [JsonPropertyName("alg")]
    public string? Alg { get; init; }

    /// <summary>"sig" or "enc", when the set says.</summary>
    [JsonPropertyName("use")]
    public string? Use { get; init; }

    /// <summary>EC curve: "P-256", "P-384" or "P-521".</summary>
    [JsonPropertyName("crv")]
    public string? Crv { get; init; }

    /// <summary>RSA modulus, base64url.</summary>
    [JsonPropertyName("n")]
    public string? N { get; init; }

    /// <summary>RSA exponent, base64url.</summary>
    [JsonPropertyName("e")]
    public string? E { get; init; }

    /// <summary>EC x coordinate, base64url.</summary>
    [JsonPropertyName("x")]
    public string? X { get; init; }

    /// <summary>EC y coordinate, base64url.</summary>
    [JsonPropertyName("y")]
    public string? Y { get; init; }

    /// <summary>Whether <paramref name="signature"/> is a valid <paramref name="alg"/> signature of <paramref name="data"/>.</summary>
    /// <exception cref="WebhookVerificationException">The key cannot be used for that algorithm.</exception>
    internal bool VerifySignature(string alg, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (Use is not null && Use != "sig")
        {
            throw Unusable($"is for use \"{Use}\", not for signatures");
        }
        if (Alg is not null && Alg != alg)
        {
            throw Unusable($"is for {Alg}, but the token is signed with {alg}");
        }
        // The token names the algorithm, but only an asymmetric one that fits the key: no "none", no HMAC.
        switch (alg)
        {
            case "RS256" or "RS384" or "RS512":
                RequireType("RSA", alg);
                using (var rsa = RSA.Create(new RSAParameters { Modulus = Member(N, "n"), Exponent = Member(E, "e") }))
                {
                    return rsa.VerifyData(data, signature, RsaHash(alg), RSASignaturePadding.Pkcs1);
                }
            case "ES256" or "ES384" or "ES512":
                RequireType("EC", alg);
                var curve = EcCurves.FromSigningAlgorithm(alg)!;
                if (Crv != curve.Name)
                {
                    throw Unusable($"is on curve \"{Crv}\", but {alg} needs {curve.Name}");
                }
                var q = new ECPoint { X = Member(X, "x"), Y = Member(Y, "y") };
                using (var ecdsa = ECDsa.Create(new ECParameters { Curve = curve.Curve, Q = q }))
                {
                    return ecdsa.VerifyData(data, signature, curve.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }
            default:
                throw new WebhookVerificationException($"The JWT algorithm \"{alg}\" is not supported (RS256/384/512, ES256/384/512).");
        }
    }

    private static HashAlgorithmName RsaHash(string alg) => alg switch
    {
        "RS256" => HashAlgorithmName.SHA256,
        "RS384" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    private void RequireType(string kty, string alg)
    {
        if (Kty != kty)
        {
            throw Unusable($"has type {Kty}, but {alg} needs {kty}");
        }
    }

    private byte[] Member(string? value, string name) =>
        CompactToken.Decode(value ?? throw Unusable($"has no \"{name}\""), $"\"{name}\" of key \"{Kid}\"");

    private WebhookVerificationException Unusable(string reason) => new($"The key \"{Kid}\" {reason}.");
}
