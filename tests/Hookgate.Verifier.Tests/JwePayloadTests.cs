using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hookgate.Runtime.Jose;
using static Hookgate.Verifier.Tests.TestKeys;

namespace Hookgate.Verifier.Tests;

public class JwePayloadTests
{
    private static readonly byte[] ContextInfo = Encoding.UTF8.GetBytes("""{"fullMethod":"/zitadel.action.v2.ActionService/GetTarget","orgID":"42"}""");
    private static readonly byte[] Plaintext = Encoding.ASCII.GetBytes(Jws.Sign(ContextInfo, P256, "web-key-1"));
    private static readonly JsonWebKeySet Keys = new([Jwk(P256, "web-key-1", "P-256", "ES256")]);

    public static TheoryData<string> Curves => ["P-256", "P-384", "P-521"];

    [Fact]
    public void Encrypt_Rsa_HeaderIsExact()
    {
        var jwe = Jwe.Encrypt(Plaintext, PublicKeyPem(TestKeys.Rsa), "key-7");

        Assert.Equal("""{"alg":"RSA-OAEP-256","cty":"JWT","enc":"A256GCM","kid":"key-7","typ":"JWT"}""", HeaderJson(jwe));
    }

    [Fact]
    public void Encrypt_Rsa_RoundTrip()
    {
        var jwe = Jwe.Encrypt(Plaintext, PublicKeyPem(TestKeys.Rsa), "key-7");

        Assert.Equal(5, jwe.Split('.').Length);
        Assert.Equal(Plaintext, JwePayload.Decrypt(jwe, TestKeys.Rsa));
    }

    [Fact]
    public void Encrypt_Ec_HeaderIsExact_ApartFromTheEphemeralKey()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var jwe = Jwe.Encrypt(Plaintext, PublicKeyPem(key), "key-8");
        var header = HeaderJson(jwe);
        var epk = JsonDocument.Parse(header).RootElement.GetProperty("epk");
        var x = epk.GetProperty("x").GetString();
        var y = epk.GetProperty("y").GetString();

        Assert.Equal(
            $$"""{"alg":"ECDH-ES+A256KW","cty":"JWT","enc":"A256GCM","epk":{"kty":"EC","crv":"P-256","x":"{{x}}","y":"{{y}}"},"kid":"key-8","typ":"JWT"}""",
            header);
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void Encrypt_Ec_RoundTrip(string crv)
    {
        using var key = ECDiffieHellman.Create(Curve(crv));
        var jwe = Jwe.Encrypt(Plaintext, PublicKeyPem(key), "key-8");
        var epk = JsonDocument.Parse(HeaderJson(jwe)).RootElement.GetProperty("epk");

        Assert.Equal(crv, epk.GetProperty("crv").GetString());
        Assert.Equal((key.KeySize + 7) / 8, FromB64(epk.GetProperty("x").GetString()!).Length); // full-width coordinates
        Assert.Equal(40, FromB64(jwe.Split('.')[1]).Length); // a 256-bit CEK wrapped
        Assert.Equal(Plaintext, JwePayload.Decrypt(jwe, key));
    }

    [Fact]
    public void Encrypt_FreshKeyAndIvEachTime()
    {
        var pem = PublicKeyPem(TestKeys.Rsa);

        var first = Jwe.Encrypt(Plaintext, pem, "k").Split('.');
        var second = Jwe.Encrypt(Plaintext, pem, "k").Split('.');

        Assert.NotEqual(first[2], second[2]);
        Assert.NotEqual(first[3], second[3]);
    }

    [Fact]
    public void DecryptAndRead_Rsa_ReturnsTheContextInfo()
    {
        var jwe = Jwe.Encrypt(Plaintext, PublicKeyPem(TestKeys.Rsa), "key-7");

        Assert.Equal(ContextInfo, JwePayload.DecryptAndRead(jwe, TestKeys.Rsa, Keys));
    }

    [Fact]
    public void DecryptAndRead_Ec_ReturnsTheContextInfo()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        var jwe = Jwe.Encrypt(Plaintext, PublicKeyPem(key), "key-8");

        Assert.Equal(ContextInfo, JwePayload.DecryptAndRead(jwe, key, Keys));
    }

    [Fact]
    public void DecryptAndRead_InnerJwtSignedByUnknownKey_Rejected()
    {
        var jwe = Jwe.Encrypt(Plaintext, PublicKeyPem(TestKeys.Rsa), "key-7");
        var otherKeys = new JsonWebKeySet([Jwk(P256, "web-key-2", "P-256", "ES256")]);

        Assert.Throws<WebhookVerificationException>(() => JwePayload.DecryptAndRead(jwe, TestKeys.Rsa, otherKeys));
    }

    [Theory]
    [InlineData(0)] // protected header: the AAD
    [InlineData(1)] // encrypted key
    [InlineData(2)] // IV
    [InlineData(3)] // ciphertext
    [InlineData(4)] // tag
    public void Decrypt_Rsa_TamperedSegment_FailsAtTheTag(int segment)
    {
        // Header byte 60 is the '-' of "key-7": the JSON stays valid, so only the AAD check can catch it.
        // A bad encrypted key must fail the same way, not as an OAEP error (no padding oracle).
        var jwe = Tamper(Jwe.Encrypt(Plaintext, PublicKeyPem(TestKeys.Rsa), "key-7"), segment, segment == 0 ? 60 : 3);

        var e = Assert.Throws<WebhookVerificationException>(() => JwePayload.Decrypt(jwe, TestKeys.Rsa));
        Assert.Contains("does not decrypt", e.Message);
    }

    [Theory]
    [InlineData(1, "does not unwrap")]
    [InlineData(2, "does not decrypt")]
    [InlineData(3, "does not decrypt")]
    [InlineData(4, "does not decrypt")]
    public void Decrypt_Ec_TamperedSegment_Rejected(int segment, string reason)
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var jwe = Tamper(Jwe.Encrypt(Plaintext, PublicKeyPem(key), "key-8"), segment, 3);

        var e = Assert.Throws<WebhookVerificationException>(() => JwePayload.Decrypt(jwe, key));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Decrypt_Ec_HeaderKidChanged_FailsTheAad()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var parts = Jwe.Encrypt(Plaintext, PublicKeyPem(key), "key-8").Split('.');
        parts[0] = B64(Encoding.UTF8.GetBytes(HeaderJson(string.Join('.', parts)).Replace("key-8", "key-9")));

        var e = Assert.Throws<WebhookVerificationException>(() => JwePayload.Decrypt(string.Join('.', parts), key));
        Assert.Contains("does not decrypt", e.Message);
    }

    [Fact]
    public void Decrypt_Rsa_WrongPrivateKey_Rejected()
    {
        var jwe = Jwe.Encrypt(Plaintext, PublicKeyPem(TestKeys.Rsa), "key-7");

        var e = Assert.Throws<WebhookVerificationException>(() => JwePayload.Decrypt(jwe, OtherRsa));
        Assert.Contains("does not decrypt", e.Message);
    }

    [Fact]
    public void Decrypt_Ec_WrongPrivateKey_Rejected()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var jwe = Jwe.Encrypt(Plaintext, PublicKeyPem(key), "key-8");

        var e = Assert.Throws<WebhookVerificationException>(() => JwePayload.Decrypt(jwe, other));
        Assert.Contains("does not unwrap", e.Message);
    }

    [Fact]
    public void Decrypt_Ec_PrivateKeyOnOtherCurve_Rejected()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        var jwe = Jwe.Encrypt(Plaintext, PublicKeyPem(key), "key-8");

        var e = Assert.Throws<WebhookVerificationException>(() => JwePayload.Decrypt(jwe, other));
        Assert.Contains("on P-256, the private key on P-384", e.Message);
    }

    [Fact]
    public void Decrypt_Ec_EphemeralKeyOffTheCurve_Rejected()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var parts = Jwe.Encrypt(Plaintext, PublicKeyPem(key), "key-8").Split('.');
        var header = HeaderJson(string.Join('.', parts));
        var y = JsonDocument.Parse(header).RootElement.GetProperty("epk").GetProperty("y").GetString()!;
        var badY = FromB64(y);
        badY[^1] ^= 0x01;
        parts[0] = B64(Encoding.UTF8.GetBytes(header.Replace(y, B64(badY))));

        var e = Assert.Throws<WebhookVerificationException>(() => JwePayload.Decrypt(string.Join('.', parts), key));
        Assert.Contains("not a point on its curve", e.Message);
    }

    [Fact]
    public void Decrypt_AlgOfTheOtherKeyType_Rejected()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var jwe = Jwe.Encrypt(Plaintext, PublicKeyPem(TestKeys.Rsa), "key-7");

        var e = Assert.Throws<WebhookVerificationException>(() => JwePayload.Decrypt(jwe, key));
        Assert.Contains("uses alg \"RSA-OAEP-256\"", e.Message);
    }

    [Fact]
    public void Decrypt_NotFiveParts_Rejected()
    {
        var jwt = Encoding.ASCII.GetString(Plaintext);

        Assert.Throws<WebhookVerificationException>(() => JwePayload.Decrypt(jwt, TestKeys.Rsa));
    }

    [Theory]
    [InlineData("not a pem")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")]
    public void Encrypt_InvalidPublicKey_Throws(string pem)
    {
        Assert.Throws<ArgumentException>(() => Jwe.Encrypt(Plaintext, Encoding.ASCII.GetBytes(pem), "k"));
    }

    private static ECCurve Curve(string crv) => crv switch
    {
        "P-256" => ECCurve.NamedCurves.nistP256,
        "P-384" => ECCurve.NamedCurves.nistP384,
        _ => ECCurve.NamedCurves.nistP521,
    };
}
