using Hookgate.Runtime.Outbound;

namespace Hookgate.Tests.Runtime.Outbound;

public sealed class OutboundOptionsTests
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("Metadata.Google.Internal.")]
    [InlineData("bücher.example")]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.0/8")]
    [InlineData("10.1.2.3/8")]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/128")]
    [InlineData("::1")]
    [InlineData("fd00:ec2::254/128")]
    [InlineData("fe80::/10")]
    [InlineData("::ffff:10.0.0.0/104")]
    public void Parse_accepts_valid_entry(string entry)
    {
        var options = OutboundOptions.Parse(entry);

        Assert.Equal([entry], options.DenyList);
        Assert.NotNull(new DenyList(options.DenyList));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("::/129")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("10.0.0")]
    [InlineData("10")]
    [InlineData("256.0.0.1")]
    [InlineData("010.0.0.1")]
    [InlineData("fe80::1%1")]
    [InlineData("fe80:::1")]
    [InlineData("example.com/24")]
    [InlineData("*.example.com")]
    [InlineData("http://example.com")]
    [InlineData("exa mple.com")]
    [InlineData("-example.com")]
    public void Parse_rejects_invalid_entry_and_names_it(string entry)
    {
        var error = Assert.Throws<ArgumentException>(() => OutboundOptions.Parse($"localhost, {entry}, 10.0.0.0/8"));

        Assert.Contains($"'{entry}'", error.Message);
        Assert.Throws<ArgumentException>(() => new DenyList([entry]));
    }

    [Fact]
    public void Parse_trims_entries_and_skips_empty_ones()
    {
        Assert.Equal(["localhost", "10.0.0.0/8"], OutboundOptions.Parse(" localhost ,, 10.0.0.0/8 ,").DenyList);
        Assert.Empty(OutboundOptions.Parse("").DenyList);
    }

    [Fact]
    public void Parse_keeps_the_default_limits()
    {
        var options = OutboundOptions.Parse("localhost");

        Assert.Equal(TimeSpan.FromSeconds(30), options.ClientTimeout);
        Assert.Equal(20 * 1024 * 1024, options.MaxResponseBytes);
        Assert.Equal(5, options.MaxRedirects);
    }

    [Fact]
    public void Default_denies_metadata_but_allows_loopback_and_private_networks()
    {
        var denyList = new DenyList(OutboundOptions.Default.DenyList);

        Assert.True(denyList.IsDeniedHost("169.254.169.254"));
        Assert.True(denyList.IsDeniedHost("fd00:ec2::254"));
        Assert.True(denyList.IsDeniedHost("100.100.100.200"));
        Assert.True(denyList.IsDeniedHost("metadata.google.internal"));
        Assert.True(denyList.IsDeniedHost("0.0.0.0"));
        Assert.True(denyList.IsDeniedHost("::"));
        Assert.False(denyList.IsDeniedHost("127.0.0.1"));
        Assert.False(denyList.IsDeniedHost("localhost"));
        Assert.False(denyList.IsDeniedHost("10.1.2.3"));
        Assert.False(denyList.IsDeniedHost("192.168.1.1"));
        Assert.False(denyList.IsDeniedHost("::1"));
    }

    [Fact]
    public void ZitadelDefault_is_zitadels_list_plus_the_metadata_entries()
    {
        string[] zitadel =
        [
            "localhost", "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.168.0.0/16", "198.18.0.0/15", "::/128", "::1/128", "fc00::/7", "fe80::/10",
        ];

        Assert.Equal([.. zitadel.Union(OutboundOptions.Default.DenyList)], OutboundOptions.ZitadelDefault.DenyList);
        Assert.Equal(TimeSpan.FromSeconds(30), OutboundOptions.ZitadelDefault.ClientTimeout);
    }

    [Fact]
    public void Validate_rejects_unbounded_limits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => (OutboundOptions.Default with { ClientTimeout = Timeout.InfiniteTimeSpan }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (OutboundOptions.Default with { ClientTimeout = TimeSpan.Zero }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (OutboundOptions.Default with { MaxResponseBytes = 0 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (OutboundOptions.Default with { MaxRedirects = -1 }).Validate());
        Assert.Throws<ArgumentException>(() => (OutboundOptions.Default with { DenyList = ["10.0.0.0/40"] }).Validate());
        (OutboundOptions.Default with { MaxRedirects = 0 }).Validate();
    }
}
