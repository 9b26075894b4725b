using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Hookgate.Runtime.Jose;

/// <summary>
/// Compact JWE for payload type JWE: the signed JWT encrypted to the target's public key with A256GCM, the key
/// transported with RSA-OAEP-256 (RSA keys) or ECDH-ES+A256KW (EC keys), as ZITADEL's go-jose encrypter does.
/// </summary>
internal static class Jwe
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string EcdhAlgorithm = "ECDH-ES+A256KW";
    private const int CekSize = 32;
    private const int IvSize = 12;
    private const int TagSize = 16;

    /// <param name="publicKeyPem">A PEM "PUBLIC KEY" (SubjectPublicKeyInfo) of an RSA or P-256/P-384/P-521 key.</param>
    /// <exception cref="ArgumentException">The key is not such a PEM; ZITADEL reports this as InvalidPublicKey.</exception>
    public static string Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> publicKeyPem, string kid)
    {
        var publicKey = ReadPublicKey(publicKeyPem);
        var cek = RandomNumberGenerator.GetBytes(CekSize);
        try
        {
            return publicKey.Oid.Value switch
            {
                RsaOid => EncryptRsa(plaintext, publicKey, kid, cek),
                EcOid => EncryptEcdh(plaintext, publicKey, kid, cek),
                _ => throw new ArgumentException("The public key is neither RSA nor EC.", nameof(publicKeyPem)),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cek);
        }
    }

    private static string EncryptRsa(ReadOnlySpan<byte> plaintext, PublicKey publicKey, string kid, byte[] cek)
    {
        using var rsa = publicKey.GetRSAPublicKey()!;
        var encryptedKey = rsa.Encrypt(cek, RSAEncryptionPadding.OaepSHA256);
        var header = JoseHeader.Encode(w =>
        {
            w.WriteString("alg", "RSA-OAEP-256");
            WriteCommon(w, kid, epk: null);
        });
        return Seal(header, encryptedKey, cek, plaintext);
    }

    private static string EncryptEcdh(ReadOnlySpan<byte> plaintext, PublicKey publicKey, string kid, byte[] cek)
    {
        using var recipient = publicKey.GetECDiffieHellmanPublicKey()!;
        var crv = EcCurves.JwkName(recipient);
        using var ephemeral = ECDiffieHellman.Create(recipient.ExportParameters(false).Curve);
        var z = ephemeral.DeriveRawSecretAgreement(recipient.PublicKey);
        var kek = ConcatKdf.DeriveKey(z, EcdhAlgorithm, [], [], 256);
        var encryptedKey = AesKeyWrap.Wrap(kek, cek);
        CryptographicOperations.ZeroMemory(z);
        CryptographicOperations.ZeroMemory(kek);

        var q = ephemeral.ExportParameters(false).Q;
        var header = JoseHeader.Encode(w =>
        {
            w.WriteString("alg", EcdhAlgorithm);
            WriteCommon(w, kid, epk: jwk =>
            {
                // Member order as go-jose writes a JWK.
                jwk.WriteString("kty", "EC");
                jwk.WriteString("crv", crv);
                jwk.WriteString("x", Base64Url.EncodeToString(q.X));
                jwk.WriteString("y", Base64Url.EncodeToString(q.Y));
            });
        });
        return Seal(header, encryptedKey, cek, plaintext);
    }

    // Alphabetical after "alg", as go-jose marshals its header map.
    private static void WriteCommon(Utf8JsonWriter w, string kid, Action<Utf8JsonWriter>? epk)
    {
        w.WriteString("cty", "JWT");
        w.WriteString("enc", "A256GCM");
        if (epk is not null)
        {
            w.WriteStartObject("epk");
            epk(w);
            w.WriteEndObject();
        }
        w.WriteString("kid", kid);
        w.WriteString("typ", "JWT");
    }

    private static string Seal(string header, byte[] encryptedKey, byte[] cek, ReadOnlySpan<byte> plaintext)
    {
        var iv = RandomNumberGenerator.GetBytes(IvSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagSize];
        using (var gcm = new AesGcm(cek, TagSize))
        {
            // The AAD is the protected header exactly as serialized (RFC 7516 §5.1 step 14).
            gcm.Encrypt(iv, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(header));
        }
        return string.Join('.',
            header,
            Base64Url.EncodeToString(encryptedKey),
            Base64Url.EncodeToString(iv),
            Base64Url.EncodeToString(ciphertext),
            Base64Url.EncodeToString(tag));
    }

    private static PublicKey ReadPublicKey(ReadOnlySpan<byte> pem)
    {
        var text = Encoding.ASCII.GetString(pem);
        if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] != "PUBLIC KEY")
        {
            throw new ArgumentException("The public key is not a PEM \"PUBLIC KEY\" block.", nameof(pem));
        }
        try
        {
            return PublicKey.CreateFromSubjectPublicKeyInfo(Convert.FromBase64String(text[fields.Base64Data]), out _);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException("The public key is not a valid SubjectPublicKeyInfo.", nameof(pem), e);
        }
    }
}
