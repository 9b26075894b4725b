namespace Hookgate.Verifier.Tests;

public class JsonWebKeySetTests
{
    // The shape of ZITADEL's /oauth/v2/keys, including a key type this library cannot verify with.
    private const string Jwks = """
        {"keys":[
          {"use":"sig","kty":"RSA","kid":"281746193","alg":"RS256","n":"sXch","e":"AQAB"},
          {"use":"sig","kty":"EC","kid":"281746194","crv":"P-256","alg":"ES256","x":"f83O","y":"x_FE"},
          {"use":"sig","kty":"OKP","kid":"281746195","crv":"Ed25519","alg":"EdDSA","x":"11qY"}
        ]}
        """;

    [Fact]
    public void Parse_ZitadelShape_ReadsEveryKey()
    {
        var set = JsonWebKeySet.Parse(Jwks);

        Assert.Equal(["281746193", "281746194", "281746195"], set.Keys.Select(k => k.Kid));
        Assert.Equal(new JsonWebKey { Kty = "RSA", Kid = "281746193", Alg = "RS256", Use = "sig", N = "sXch", E = "AQAB" }, set.Keys[0]);
        Assert.Equal("P-256", set.Find("281746194")?.Crv);
        Assert.Null(set.Find("nope"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"keys":[{"kid":"no-kty"}]}""")]
    [InlineData("""{"keys":{}}""")]
    public void Parse_NotAKeySet_Throws(string json)
    {
        Assert.Throws<WebhookVerificationException>(() => JsonWebKeySet.Parse(json));
    }
}
