using System.Security.Cryptography;

namespace Hookgate.Runtime.Jose;

internal static class EcCurves
{
    /// <summary>The JWK "crv" name of a NIST curve key; other curves have no JOSE algorithm here.</summary>
    public static string JwkName(ECAlgorithm key)
    {
        var oid = key.ExportParameters(false).Curve.Oid;
        return (oid.Value, oid.FriendlyName) switch
        {
            ("1.2.840.10045.3.1.7", _) or (_, "nistP256" or "ECDSA_P256" or "ECDH_P256") => "P-256",
            ("1.3.132.0.34", _) or (_, "nistP384" or "ECDSA_P384" or "ECDH_P384") => "P-384",
            ("1.3.132.0.35", _) or (_, "nistP521" or "ECDSA_P521" or "ECDH_P521") => "P-521",
            _ => throw new ArgumentException("Only the curves P-256, P-384 and P-521 are supported.", nameof(key)),
        };
    }
}
