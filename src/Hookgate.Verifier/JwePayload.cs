using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hookgate.Verifier;

/// <summary>
/// Decrypts payload type JWE: the signed JWT encrypted to the target's public key, with enc A256GCM and alg
/// RSA-OAEP-256 (RSA keys) or ECDH-ES+A256KW (EC keys P-256/P-384/P-521).
/// </summary>
public static class JwePayload
{
    private const string RsaAlgorithm = "RSA-OAEP-256";
    private const string EcdhAlgorithm = "ECDH-ES+A256KW";
    private const int CekSize = 32;
    private const int IvSize = 12;
    private const int TagSize = 16;

    /// <summary>Decrypts a JWE made for an RSA key and returns the plaintext: the JWT, as bytes.</summary>
    /// <exception cref="WebhookVerificationException">The token is malformed, for another key, or tampered with.</exception>
    public static byte[] Decrypt(string compactJwe, RSA privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var token = Parse(compactJwe, RsaAlgorithm);
        byte[] cek;
        try
        {
            cek = privateKey.Decrypt(token.DecodeSegment(1, "encrypted key"), RSAEncryptionPadding.OaepSHA256);
        }
        catch (CryptographicException)
        {
            cek = [];
        }
        if (cek.Length != CekSize)
        {
            // RFC 7516 §11.5: go on with a random key, so a bad key fails like a bad tag and reveals nothing of the padding.
            cek = RandomNumberGenerator.GetBytes(CekSize);
        }
        return DecryptContent(token, cek);
    }

    /// <summary>Decrypts a JWE made for an EC key and returns the plaintext: the JWT, as bytes.</summary>
    /// <exception cref="WebhookVerificationException">The token is malformed, for another key, or tampered with.</exception>
    public static byte[] Decrypt(string compactJwe, ECDiffieHellman privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var token = Parse(compactJwe, EcdhAlgorithm);
        using var ephemeral = ReadEphemeralKey(token, privateKey);
        var z = privateKey.DeriveRawSecretAgreement(ephemeral.PublicKey);
        var kek = ConcatKdf.DeriveKey(z, EcdhAlgorithm, PartyInfo(token, "apu"), PartyInfo(token, "apv"), 256);
        var cek = AesKeyWrap.Unwrap(kek, token.DecodeSegment(1, "encrypted key"));
        CryptographicOperations.ZeroMemory(z);
        CryptographicOperations.ZeroMemory(kek);
        if (cek is not { Length: CekSize })
        {
            throw new WebhookVerificationException("The JWE encrypted key does not unwrap: the token is for another key, or tampered with.");
        }
        return DecryptContent(token, cek);
    }

    /// <summary>Decrypts the JWE, then verifies the JWT inside and returns its payload: the ContextInfo JSON bytes.</summary>
    /// <exception cref="WebhookVerificationException">Decryption or verification failed.</exception>
    public static byte[] DecryptAndRead(string compactJwe, RSA privateKey, JsonWebKeySet keys) =>
        JwtPayload.Read(Encoding.ASCII.GetString(Decrypt(compactJwe, privateKey)), keys);

    /// <summary>Decrypts the JWE, then verifies the JWT inside and returns its payload: the ContextInfo JSON bytes.</summary>
    /// <exception cref="WebhookVerificationException">Decryption or verification failed.</exception>
    public static byte[] DecryptAndRead(string compactJwe, ECDiffieHellman privateKey, JsonWebKeySet keys) =>
        JwtPayload.Read(Encoding.ASCII.GetString(Decrypt(compactJwe, privateKey)), keys);

    private static CompactToken Parse(string compactJwe, string expectedAlgorithm)
    {
        var token = CompactToken.Parse(compactJwe, 5, "JWE");
        var alg = token.HeaderString("alg");
        if (alg != expectedAlgorithm)
        {
            throw new WebhookVerificationException($"The JWE uses alg \"{alg}\"; this private key needs {expectedAlgorithm}.");
        }
        var enc = token.HeaderString("enc");
        if (enc != "A256GCM")
        {
            throw new WebhookVerificationException($"The JWE uses enc \"{enc}\"; only A256GCM is supported.");
        }
        if (token.Header.TryGetProperty("zip", out _))
        {
            throw new WebhookVerificationException("The JWE is compressed (zip), which is not supported.");
        }
        return token;
    }

    private static ECDiffieHellman ReadEphemeralKey(CompactToken token, ECDiffieHellman privateKey)
    {
        if (!token.Header.TryGetProperty("epk", out var epk) || epk.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookVerificationException("The JWE header has no ephemeral public key (epk).");
        }
        const string where = "JWE epk";
        if (CompactToken.MemberString(epk, "kty", where) != "EC")
        {
            throw new WebhookVerificationException("The JWE ephemeral key is not an EC key.");
        }
        var crv = CompactToken.MemberString(epk, "crv", where);
        var curve = EcCurves.FromJwk(crv) ?? throw new WebhookVerificationException($"The JWE ephemeral key's curve \"{crv}\" is not supported.");
        var own = EcCurves.Of(privateKey);
        if (own != curve)
        {
            throw new WebhookVerificationException($"The JWE ephemeral key is on {curve.Name}, the private key on {own?.Name ?? "another curve"}.");
        }
        var x = CompactToken.Decode(CompactToken.MemberString(epk, "x", where) ?? "", "epk x");
        var y = CompactToken.Decode(CompactToken.MemberString(epk, "y", where) ?? "", "epk y");
        if (x.Length != curve.CoordinateSize || y.Length != curve.CoordinateSize)
        {
            throw new WebhookVerificationException($"The JWE ephemeral key's coordinates are not {curve.CoordinateSize} bytes long.");
        }
        try
        {
            // The import checks that the point lies on the curve, which keeps invalid-curve attacks out.
            return ECDiffieHellman.Create(new ECParameters { Curve = curve.Curve, Q = new ECPoint { X = x, Y = y } });
        }
        catch (CryptographicException e)
        {
            throw new WebhookVerificationException("The JWE ephemeral key is not a point on its curve.", e);
        }
    }

    private static byte[] PartyInfo(CompactToken token, string name) =>
        token.HeaderString(name) is { } value ? CompactToken.Decode(value, $"JWE {name}") : [];

    private static byte[] DecryptContent(CompactToken token, byte[] cek)
    {
        var iv = token.DecodeSegment(2, "initialization vector");
        var ciphertext = token.DecodeSegment(3, "ciphertext");
        var tag = token.DecodeSegment(4, "authentication tag");
        if (iv.Length != IvSize || tag.Length != TagSize)
        {
            throw new WebhookVerificationException($"A256GCM needs a {IvSize}-byte IV and a {TagSize}-byte tag.");
        }
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var gcm = new AesGcm(cek, TagSize);
            gcm.Decrypt(iv, ciphertext, tag, plaintext, Encoding.ASCII.GetBytes(token.Segments[0]));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new WebhookVerificationException("The JWE does not decrypt: the token is for another key, or tampered with.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cek);
        }
    }
}
