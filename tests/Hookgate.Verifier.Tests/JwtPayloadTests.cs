using System.Security.Cryptography;
using System.Text;
using Hookgate.Runtime.Jose;
using static Hookgate.Verifier.Tests.TestKeys;

namespace Hookgate.Verifier.Tests;

public class JwtPayloadTests
{
    private static readonly byte[] ContextInfo = Encoding.UTF8.GetBytes("""{"fullMethod":"/zitadel.user.v2.UserService/AddHumanUser","instanceID":"1","request":{"username":"ünïcode"}}""");

    private static readonly JsonWebKeySet Keys = JsonWebKeySet.Parse(JwksJson(
        Jwk(TestKeys.Rsa, "rsa-1"),
        Jwk(P256, "ec-1", "P-256", "ES256")));

    [Fact]
    public void Sign_Rs256_HeaderIsExact()
    {
        var jwt = Jws.Sign(ContextInfo, TestKeys.Rsa, "281746193");

        Assert.Equal("""{"alg":"RS256","kid":"281746193","typ":"JWT"}""", HeaderJson(jwt));
    }

    [Fact]
    public void Sign_Es256_HeaderIsExact_SignatureIsRawRAndS()
    {
        var jwt = Jws.Sign(ContextInfo, P256, "ec-1");

        Assert.Equal("""{"alg":"ES256","kid":"ec-1","typ":"JWT"}""", HeaderJson(jwt));
        Assert.Equal(64, FromB64(jwt.Split('.')[2]).Length); // DER would be 70-72 bytes
    }

    [Fact]
    public void Sign_PayloadIsTheExactBytes_Unpadded()
    {
        var jwt = Jws.Sign(ContextInfo, TestKeys.Rsa, "rsa-1");

        Assert.Equal(B64(ContextInfo), jwt.Split('.')[1]);
        Assert.DoesNotContain('=', jwt);
    }

    [Fact]
    public void Read_Rs256_RoundTrip()
    {
        Assert.Equal(ContextInfo, JwtPayload.Read(Jws.Sign(ContextInfo, TestKeys.Rsa, "rsa-1"), Keys));
    }

    [Fact]
    public void Read_Es256_RoundTrip()
    {
        Assert.Equal(ContextInfo, JwtPayload.Read(Jws.Sign(ContextInfo, P256, "ec-1"), Keys));
    }

    [Theory]
    [InlineData("P-384", "ES384")]
    [InlineData("P-521", "ES512")]
    public void Read_LargerCurves_RoundTrip(string crv, string alg)
    {
        using var key = ECDsa.Create(crv == "P-384" ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP521);
        var keys = JsonWebKeySet.Parse(JwksJson(Jwk(key, "k", crv, alg)));

        var jwt = Jws.Sign(ContextInfo, key, "k");

        Assert.Contains($"\"alg\":\"{alg}\"", HeaderJson(jwt));
        Assert.Equal(ContextInfo, JwtPayload.Read(jwt, keys));
    }

    [Fact]
    public void Read_SignedByAnotherKeyUnderSameKid_Rejected()
    {
        var jwt = Jws.Sign(ContextInfo, OtherRsa, "rsa-1");

        var e = Assert.Throws<WebhookVerificationException>(() => JwtPayload.Read(jwt, Keys));
        Assert.Contains("signature does not verify", e.Message);
    }

    [Theory]
    [InlineData(1)] // payload
    [InlineData(2)] // signature
    public void Read_TamperedToken_Rejected(int segment)
    {
        var jwt = Tamper(Jws.Sign(ContextInfo, P256, "ec-1"), segment, byteIndex: 5);

        Assert.Throws<WebhookVerificationException>(() => JwtPayload.Read(jwt, Keys));
    }

    [Fact]
    public void Read_UnknownKid_Rejected()
    {
        var jwt = Jws.Sign(ContextInfo, TestKeys.Rsa, "rsa-2");

        var e = Assert.Throws<WebhookVerificationException>(() => JwtPayload.Read(jwt, Keys));
        Assert.Contains("no key \"rsa-2\"", e.Message);
    }

    [Fact]
    public void Read_KidOfKeyOfOtherType_Rejected()
    {
        var jwt = Jws.Sign(ContextInfo, TestKeys.Rsa, "ec-1");

        var e = Assert.Throws<WebhookVerificationException>(() => JwtPayload.Read(jwt, Keys));
        Assert.Contains("is for ES256, but the token is signed with RS256", e.Message);
    }

    [Fact]
    public void Read_KeyWithoutAlg_StillChecksKeyType()
    {
        var keys = new JsonWebKeySet([Jwk(P256, "ec-1", "P-256", alg: null)]);
        var jwt = Jws.Sign(ContextInfo, TestKeys.Rsa, "ec-1");

        var e = Assert.Throws<WebhookVerificationException>(() => JwtPayload.Read(jwt, keys));
        Assert.Contains("has type EC, but RS256 needs RSA", e.Message);
    }

    [Theory]
    [InlineData("""{"alg":"none","kid":"rsa-1"}""", "signed with none")]
    [InlineData("""{"alg":"HS256","kid":"rsa-1"}""", "is for RS256")]
    [InlineData("""{"kid":"rsa-1"}""", "no \"alg\"")]
    [InlineData("""{"alg":"RS256"}""", "no \"kid\"")]
    [InlineData("""{"alg":"RS256","kid":"rsa-1","crit":["exp"]}""", "crit")]
    [InlineData("""{"alg":"RS256","alg":"none","kid":"rsa-1"}""", "not valid JSON")]
    public void Read_BadHeader_Rejected(string header, string reason)
    {
        var signature = TestKeys.Rsa.SignData(Encoding.ASCII.GetBytes(B64(Encoding.UTF8.GetBytes(header)) + "." + B64(ContextInfo)), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var jwt = $"{B64(Encoding.UTF8.GetBytes(header))}.{B64(ContextInfo)}.{B64(signature)}";

        var e = Assert.Throws<WebhookVerificationException>(() => JwtPayload.Read(jwt, Keys));
        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("PS256")]
    public void Read_UnsupportedAlg_KeyWithoutAlg_Rejected(string alg)
    {
        var keys = new JsonWebKeySet([Jwk(TestKeys.Rsa, "rsa-1", alg: null)]);
        var header = B64(Encoding.UTF8.GetBytes($$"""{"alg":"{{alg}}","kid":"rsa-1"}"""));
        var signature = TestKeys.Rsa.SignData(Encoding.ASCII.GetBytes(header + "." + B64(ContextInfo)), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var e = Assert.Throws<WebhookVerificationException>(() => JwtPayload.Read($"{header}.{B64(ContextInfo)}.{B64(signature)}", keys));
        Assert.Contains($"\"{alg}\" is not supported", e.Message);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("!!.e30.e30")]
    public void Read_NotACompactJws_Rejected(string token)
    {
        Assert.Throws<WebhookVerificationException>(() => JwtPayload.Read(token, Keys));
    }

    [Fact]
    public void Read_Es256WithDerSignature_Rejected()
    {
        var jwt = Jws.Sign(ContextInfo, P256, "ec-1");
        var parts = jwt.Split('.');
        var der = P256.SignData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        Assert.Throws<WebhookVerificationException>(() => JwtPayload.Read($"{parts[0]}.{parts[1]}.{B64(der)}", Keys));
    }
}
