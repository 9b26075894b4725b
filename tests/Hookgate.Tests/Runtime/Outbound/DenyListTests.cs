using System.Net;
using System.Net.Sockets;
using Hookgate.Runtime.Outbound;
using Hookgate.Tests.Infrastructure;

namespace Hookgate.Tests.Runtime.Outbound;

public sealed class DenyListTests
{
    private static readonly DenyList Zitadel = new(OutboundOptions.ZitadelDefault.DenyList);

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0", true)]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("10.0.0.0/8", "9.255.255.255", false)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("10.1.2.3/8", "10.200.0.1", true)]
    [InlineData("172.16.0.0/12", "172.31.255.255", true)]
    [InlineData("172.16.0.0/12", "172.32.0.0", false)]
    [InlineData("100.64.0.0/10", "100.127.255.255", true)]
    [InlineData("100.64.0.0/10", "100.128.0.0", false)]
    [InlineData("10.0.0.1", "10.0.0.1", true)]
    [InlineData("10.0.0.1", "10.0.0.2", false)]
    [InlineData("0.0.0.0/0", "93.184.216.34", true)]
    [InlineData("fc00::/7", "fd12:3456::1", true)]
    [InlineData("fc00::/7", "fe00::1", false)]
    [InlineData("fe80::/10", "febf:ffff::1", true)]
    [InlineData("fe80::/10", "fec0::1", false)]
    [InlineData("fe80::/10", "fe80::1%2", true)]
    [InlineData("::1/128", "::1", true)]
    [InlineData("::1/128", "::2", false)]
    [InlineData("::/128", "::", true)]
    [InlineData("::/128", "::1", false)]
    [InlineData("fd00:ec2::254/128", "fd00:ec2::254", true)]
    public void IsDenied_matches_networks(string entry, string address, bool denied)
    {
        Assert.Equal(denied, new DenyList([entry]).IsDenied(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", true)]
    [InlineData("10.0.0.0/8", "::ffff:11.0.0.1", false)]
    [InlineData("127.0.0.0/8", "::ffff:127.0.0.1", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.0.0.1", true)]
    [InlineData("::ffff:10.0.0.0/104", "::ffff:10.0.0.1", true)]
    [InlineData("::ffff:10.0.0.0/104", "11.0.0.1", false)]
    [InlineData("10.0.0.0/8", "::a00:1", false)] // IPv4-compatible, not mapped: not an IPv4 destination
    public void IsDenied_matches_ipv4_mapped_addresses_against_ipv4_entries(string entry, string address, bool denied)
    {
        Assert.Equal(denied, new DenyList([entry]).IsDenied(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LocalHost", true)]
    [InlineData("localhost.", true)]
    [InlineData("[::1]", true)]
    [InlineData("::1", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::ffff:192.168.1.1", true)]
    [InlineData("2130706433", true)] // 127.0.0.1 as a single number: what a resolver would make of it
    [InlineData("sub.localhost", false)] // names match exactly, as in ZITADEL; the resolved address is checked too
    [InlineData("example.com", false)]
    [InlineData("93.184.216.34", false)]
    [InlineData("2001:db8::1", false)]
    public void IsDeniedHost_checks_names_and_ip_literals(string host, bool denied)
    {
        Assert.Equal(denied, Zitadel.IsDeniedHost(host));
    }

    [Fact]
    public void IsDeniedHost_matches_international_names_in_either_form()
    {
        var denyList = new DenyList(["Bücher.Example"]);

        Assert.True(denyList.IsDeniedHost("xn--bcher-kva.example"));
        Assert.True(denyList.IsDeniedHost("bücher.example."));
        Assert.False(denyList.IsDeniedHost("buecher.example"));
    }

    [Fact]
    public void Empty_denies_nothing()
    {
        Assert.False(DenyList.Empty.IsDeniedHost("localhost"));
        Assert.False(DenyList.Empty.IsDenied(IPAddress.Loopback));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", EndpointCheck.DeniedHost)]
    [InlineData("https://[::1]/hook", EndpointCheck.DeniedHost)]
    [InlineData("http://[::ffff:10.0.0.1]/", EndpointCheck.DeniedHost)]
    [InlineData("http://0x7f.1/", EndpointCheck.DeniedHost)] // Uri canonicalises it to 127.0.0.1
    [InlineData("http://169.254.169.254/latest/meta-data", EndpointCheck.DeniedHost)]
    [InlineData("http://LOCALHOST./hook", EndpointCheck.DeniedHost)]
    [InlineData("http://metadata.google.internal/", EndpointCheck.DeniedHost)]
    [InlineData("https://93.184.216.34/hook", EndpointCheck.Allowed)]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]/hook", EndpointCheck.Allowed)]
    public async Task IsDeniedAsync_checks_literals_and_listed_names_without_dns(string endpoint, EndpointCheck expected)
    {
        var result = await Zitadel.IsDeniedAsync(new Uri(endpoint), NoDns, CancellationToken.None).DefaultTimeout();

        Assert.Equal(expected, result);
    }

    [Fact]
    public async Task IsDeniedAsync_denies_a_name_when_any_resolved_address_is_denied()
    {
        Resolver resolve = (_, _) => Task.FromResult(new[] { IPAddress.Parse("93.184.216.34"), IPAddress.Parse("10.0.0.1") });

        var result = await Zitadel.IsDeniedAsync(new Uri("https://rebind.example/"), resolve, CancellationToken.None).DefaultTimeout();

        Assert.Equal(EndpointCheck.DeniedHost, result);
    }

    [Fact]
    public async Task IsDeniedAsync_allows_a_name_when_every_resolved_address_is_allowed()
    {
        Resolver resolve = (host, _) => Task.FromResult(host == "hooks.example" ? new[] { IPAddress.Parse("93.184.216.34") } : []);

        var result = await Zitadel.IsDeniedAsync(new Uri("https://Hooks.Example/x"), resolve, CancellationToken.None).DefaultTimeout();

        Assert.Equal(EndpointCheck.Allowed, result);
    }

    [Fact]
    public async Task IsDeniedAsync_gives_up_on_a_slow_resolver_and_reports_unresolvable()
    {
        // A resolver that ignores cancellation, as a blocked getaddrinfo does.
        Resolver hanging = (_, _) => new TaskCompletionSource<IPAddress[]>().Task;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await Zitadel.IsDeniedAsync(new Uri("https://slow.example/"), hanging, TimeSpan.FromMilliseconds(200), CancellationToken.None).DefaultTimeout();
        Assert.Equal(EndpointCheck.Unresolvable, result);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task IsDeniedAsync_passes_the_callers_cancellation_on()
    {
        Resolver hanging = (_, _) => new TaskCompletionSource<IPAddress[]>().Task;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Zitadel.IsDeniedAsync(new Uri("https://slow.example/"), hanging, cancelled.Token)).DefaultTimeout();
    }

    [Fact]
    public async Task IsDeniedAsync_reports_a_dns_failure_as_unresolvable()
    {
        Resolver notFound = (_, _) => throw new SocketException((int)SocketError.HostNotFound);
        Resolver noAddresses = (_, _) => Task.FromResult(Array.Empty<IPAddress>());
        var endpoint = new Uri("https://hooks.example/");

        Assert.Equal(EndpointCheck.Unresolvable, await Zitadel.IsDeniedAsync(endpoint, notFound, CancellationToken.None).DefaultTimeout());
        Assert.Equal(EndpointCheck.Unresolvable, await Zitadel.IsDeniedAsync(endpoint, noAddresses, CancellationToken.None).DefaultTimeout());
        Assert.Equal(EndpointCheck.Unresolvable, await DenyList.Empty.IsDeniedAsync(endpoint, notFound, CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task IsDeniedAsync_with_real_dns_reports_an_invalid_name_as_unresolvable()
    {
        // RFC 6761: .invalid never resolves, whether or not this machine has a network.
        var result = await DenyList.Empty.IsDeniedAsync(new Uri("https://hookgate-test.invalid/"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(EndpointCheck.Unresolvable, result);
    }

    [Fact]
    public async Task IsDeniedAsync_with_real_dns_denies_localhost_by_name_or_address()
    {
        var byName = await Zitadel.IsDeniedAsync(new Uri("http://localhost:8080/"), CancellationToken.None).DefaultTimeout();
        var byAddress = await new DenyList(["127.0.0.0/8", "::1"]).IsDeniedAsync(new Uri("http://localhost:8080/"), CancellationToken.None).DefaultTimeout();
        var allowed = await DenyList.Empty.IsDeniedAsync(new Uri("http://localhost:8080/"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(EndpointCheck.DeniedHost, byName);
        Assert.Equal(EndpointCheck.DeniedHost, byAddress);
        Assert.Equal(EndpointCheck.Allowed, allowed);
    }

    [Fact]
    public async Task IsDeniedAsync_rejects_a_relative_uri()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Zitadel.IsDeniedAsync(new Uri("/hook", UriKind.Relative), CancellationToken.None)).DefaultTimeout();
    }

    private static Task<IPAddress[]> NoDns(string host, CancellationToken cancellationToken) =>
        throw new Xunit.Sdk.XunitException($"unexpected DNS lookup of {host}");
}
