using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Hookgate.Runtime.Jose;

/// <summary>
/// Compact JWS for payload type JWT. As in ZITADEL, the ContextInfo JSON itself is the payload: no claims are added.
/// </summary>
internal static class Jws
{
    public static string Sign(ReadOnlySpan<byte> payload, RSA key, string kid)
    {
        var signingInput = SigningInput("RS256", kid, payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>ES256, ES384 or ES512 by the key's curve. The signature is JOSE's fixed-width r||s, not DER.</summary>
    public static string Sign(ReadOnlySpan<byte> payload, ECDsa key, string kid)
    {
        var (alg, hash) = EcCurves.JwkName(key) switch
        {
            "P-256" => ("ES256", HashAlgorithmName.SHA256),
            "P-384" => ("ES384", HashAlgorithmName.SHA384),
            _ => ("ES512", HashAlgorithmName.SHA512),
        };
        var signingInput = SigningInput(alg, kid, payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static string SigningInput(string alg, string kid, ReadOnlySpan<byte> payload)
    {
        var header = JoseHeader.Encode(w =>
        {
            w.WriteString("alg", alg);
            w.WriteString("kid", kid);
            w.WriteString("typ", "JWT");
        });
        return header + "." + Base64Url.EncodeToString(payload);
    }
}
