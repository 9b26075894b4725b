using System.Text;
using Hookgate.Runtime.Jose;

namespace Hookgate.Verifier.Tests;

public class WebhookSignatureTests
{
    private const string Key = "Hk7sZs0aJ0pXqZ3N2m9vQeLrT5uYwB1cD4eF";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"fullMethod":"/zitadel.action.v2.ActionService/GetTarget"}""");
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Header_MatchesIndependentlyComputedHmac()
    {
        // Expected value from Python's hmac module over "1700000000." + body.
        var header = Signature.Header(Body, Key, SignedAt.AddMilliseconds(999));

        Assert.Equal("t=1700000000,v1=ad39691cb9a3f76fda814c5e79a734b7bc4cfc8608673bd7f4833a93f0c6521e", header);
    }

    [Fact]
    public void Verify_HeaderFromSender_Accepted()
    {
        var header = Signature.Header(Body, Key, SignedAt);

        Assert.True(WebhookSignature.Verify(header, Body, [Key], SignedAt));
        WebhookSignature.VerifyOrThrow(header, Body, [Key], SignedAt);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(300, true)] // exactly the default tolerance
    [InlineData(301, false)]
    [InlineData(-300, true)]
    [InlineData(-301, false)] // signed too far in the future
    public void Verify_DefaultTolerance_Edges(int secondsSinceSigning, bool accepted)
    {
        var header = Signature.Header(Body, Key, SignedAt);

        Assert.Equal(accepted, WebhookSignature.Verify(header, Body, [Key], SignedAt.AddSeconds(secondsSinceSigning)));
    }

    [Fact]
    public void Verify_OneTickPastTolerance_Rejected()
    {
        var header = Signature.Header(Body, Key, SignedAt);

        Assert.False(WebhookSignature.Verify(header, Body, [Key], SignedAt.AddMinutes(5).AddTicks(1)));
    }

    [Fact]
    public void Verify_CustomTolerance_Applies()
    {
        var header = Signature.Header(Body, Key, SignedAt);

        Assert.True(WebhookSignature.Verify(header, Body, [Key], SignedAt.AddSeconds(10), TimeSpan.FromSeconds(10)));
        Assert.False(WebhookSignature.Verify(header, Body, [Key], SignedAt.AddSeconds(11), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Verify_SeveralV1_AnyMatchAccepted()
    {
        var valid = Signature.Header(Body, Key, SignedAt).Split(",v1=")[1];
        var header = $"t=1700000000,v1={new string('0', 64)},v1=nothex,v1={valid}";

        Assert.True(WebhookSignature.Verify(header, Body, [Key], SignedAt));
    }

    [Fact]
    public void Verify_SeveralKeys_RotationAccepted()
    {
        var header = Signature.Header(Body, "new-key", SignedAt);

        Assert.True(WebhookSignature.Verify(header, Body, ["old-key", "new-key"], SignedAt));
        Assert.False(WebhookSignature.Verify(header, Body, ["old-key"], SignedAt));
    }

    [Fact]
    public void Verify_TamperedBody_Rejected()
    {
        var header = Signature.Header(Body, Key, SignedAt);
        var tampered = (byte[])Body.Clone();
        tampered[^2] ^= 0x01;

        Assert.False(WebhookSignature.Verify(header, tampered, [Key], SignedAt));
    }

    [Fact]
    public void Verify_WrongKey_Rejected()
    {
        var header = Signature.Header(Body, Key, SignedAt);

        Assert.False(WebhookSignature.Verify(header, Body, ["another-signing-key"], SignedAt));
    }

    [Fact]
    public void Verify_TimestampChanged_Rejected()
    {
        // The timestamp is signed too, so it cannot be refreshed to replay an old call.
        var header = Signature.Header(Body, Key, SignedAt).Replace("t=1700000000", "t=1700000100");

        Assert.False(WebhookSignature.Verify(header, Body, [Key], SignedAt));
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("", "missing")]
    [InlineData("v1=abcd", "no timestamp")]
    [InlineData("t=1700000000", "no hex v1")]
    [InlineData("t=1700000000,v1=zz", "no hex v1")]
    [InlineData("t=soon,v1=ab", "not a unix time")]
    [InlineData("t=1700000000,v1", "not a key=value pair")]
    [InlineData("t=1700000000,v1=ab=cd", "not a key=value pair")]
    public void VerifyOrThrow_MalformedHeader_SaysWhy(string? header, string reason)
    {
        var e = Assert.Throws<WebhookVerificationException>(() => WebhookSignature.VerifyOrThrow(header, Body, [Key], SignedAt));

        Assert.Contains(reason, e.Message);
        Assert.False(WebhookSignature.Verify(header, Body, [Key], SignedAt));
    }

    [Fact]
    public void VerifyOrThrow_TooOld_SaysWhy()
    {
        var header = Signature.Header(Body, Key, SignedAt);

        var e = Assert.Throws<WebhookVerificationException>(() => WebhookSignature.VerifyOrThrow(header, Body, [Key], SignedAt.AddMinutes(10)));

        Assert.Equal("The signature is too old: made 600 s ago, the tolerance is 300 s.", e.Message);
    }

    [Fact]
    public void VerifyOrThrow_InTheFuture_SaysWhy()
    {
        var header = Signature.Header(Body, Key, SignedAt);

        var e = Assert.Throws<WebhookVerificationException>(() => WebhookSignature.VerifyOrThrow(header, Body, [Key], SignedAt.AddMinutes(-10)));

        Assert.Contains("in the future", e.Message);
    }

    [Fact]
    public void VerifyOrThrow_NoMatch_SaysWhy()
    {
        var header = Signature.Header(Body, Key, SignedAt);

        var e = Assert.Throws<WebhookVerificationException>(() => WebhookSignature.VerifyOrThrow(header, Body, ["wrong"], SignedAt));

        Assert.Equal("No v1 signature matches the body under the given signing key.", e.Message);
    }

    [Fact]
    public void Verify_NoKeyOrEmptyKey_IsAProgrammingError()
    {
        Assert.Throws<ArgumentException>(() => WebhookSignature.Verify(null, Body, [], SignedAt));
        Assert.Throws<ArgumentException>(() => WebhookSignature.Verify(null, Body, [Key, ""], SignedAt));
    }
}
