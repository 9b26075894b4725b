using System.Security.Cryptography;

namespace Hookgate.Verifier;

/// <summary>A NIST curve with its JOSE names: the JWK "crv" and the ECDSA "alg" that signs on it.</summary>
internal sealed record EcCurve(string Name, ECCurve Curve, string Oid, int CoordinateSize, string SigningAlgorithm, HashAlgorithmName Hash);

internal static class EcCurves
{
    private static readonly EcCurve[] All =
    [
        new("P-256", ECCurve.NamedCurves.nistP256, "1.2.840.10045.3.1.7", 32, "ES256", HashAlgorithmName.SHA256),
        new("P-384", ECCurve.NamedCurves.nistP384, "1.3.132.0.34", 48, "ES384", HashAlgorithmName.SHA384),
        new("P-521", ECCurve.NamedCurves.nistP521, "1.3.132.0.35", 66, "ES512", HashAlgorithmName.SHA512),
    ];

    public static EcCurve? FromJwk(string? crv) => All.FirstOrDefault(c => c.Name == crv);

    public static EcCurve? FromSigningAlgorithm(string alg) => All.FirstOrDefault(c => c.SigningAlgorithm == alg);

    public static EcCurve? Of(ECAlgorithm key)
    {
        var oid = key.ExportParameters(false).Curve.Oid;
        // Platforms differ in whether they fill in the OID value or only the friendly name.
        return All.FirstOrDefault(c => c.Oid == oid.Value || (oid.Value is null && oid.FriendlyName == c.Curve.Oid.FriendlyName));
    }
}
