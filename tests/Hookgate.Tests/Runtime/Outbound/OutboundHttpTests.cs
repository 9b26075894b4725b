using System.IO.Compression;
using System.Net;
using Hookgate.Runtime.Outbound;
using Hookgate.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Hookgate.Tests.Runtime.Outbound;

/// <summary>Connect-time enforcement and client limits, against real Kestrel targets on loopback addresses.</summary>
public sealed class OutboundHttpTests
{
    private static readonly RequestDelegate Ok = context => context.Response.WriteAsync("ok");

    private static HttpClient Client(OutboundOptions options, ListLogger? logger = null, Resolver? resolve = null)
    {
        var handler = OutboundHttp.CreateHandler(new DenyList(options.DenyList), options, logger, resolve ?? System.Net.Dns.GetHostAddressesAsync);
        return new HttpClient(handler) { Timeout = Timeouts.Default };
    }

    private static async Task<OutboundDeniedException> AssertDeniedAsync(HttpClient client, Uri url)
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url)).DefaultTimeout();
        return OutboundDeniedException.FindIn(error) ?? throw new Xunit.Sdk.XunitException($"not a denial: {error}");
    }

    [Fact]
    public async Task Loopback_target_is_reachable_with_Default()
    {
        await using var target = await LoopbackTarget.StartAsync(Ok);
        using var client = Client(OutboundOptions.Default);

        var body = await client.GetStringAsync(target.Url).DefaultTimeout();

        Assert.Equal("ok", body);
    }

    [Fact]
    public async Task Loopback_target_is_refused_with_ZitadelDefault_before_connecting()
    {
        await using var target = await LoopbackTarget.StartAsync(Ok);
        var logger = new ListLogger();
        using var client = Client(OutboundOptions.ZitadelDefault, logger);

        var denied = await AssertDeniedAsync(client, new Uri(target.Url, "/secret-path?token=s3cr3t"));

        Assert.Equal(IPAddress.Loopback, denied.Address);
        Assert.Contains("127.0.0.1", denied.Message);
        Assert.Equal(0, target.Requests);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal("OutboundAddressDenied", entry.EventName);
        Assert.DoesNotContain("s3cr3t", entry.Message + denied.Message);
    }

    [Fact]
    public async Task Localhost_is_refused_by_name_with_ZitadelDefault()
    {
        await using var target = await LoopbackTarget.StartAsync(Ok);
        var logger = new ListLogger();
        using var client = Client(OutboundOptions.ZitadelDefault, logger);

        var denied = await AssertDeniedAsync(client, new Uri($"http://localhost:{target.Url.Port}/"));

        Assert.Equal("localhost", denied.Host);
        Assert.Null(denied.Address);
        Assert.Equal("OutboundHostDenied", Assert.Single(logger.Entries).EventName);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task A_name_is_refused_when_its_resolved_address_is_denied()
    {
        await using var target = await LoopbackTarget.StartAsync(Ok);
        using var allowed = Client(DenyList127002());
        using var denied = Client(OutboundOptions.Default with { DenyList = ["127.0.0.0/8"] });

        Assert.Equal("ok", await allowed.GetStringAsync($"http://localhost:{target.Url.Port}/").DefaultTimeout());
        var error = await AssertDeniedAsync(denied, new Uri($"http://localhost:{target.Url.Port}/"));

        Assert.Equal("localhost", error.Host);
        Assert.Equal(IPAddress.Loopback, error.Address);
        Assert.Equal(1, target.Requests);
    }

    [Fact]
    public async Task A_name_resolving_to_one_allowed_and_one_denied_address_is_refused()
    {
        await using var target = await LoopbackTarget.StartAsync(Ok);
        Resolver resolve = (_, _) => Task.FromResult(new[] { IPAddress.Loopback, IPAddress.Parse("127.0.0.2") });
        using var client = Client(DenyList127002(), resolve: resolve);

        var denied = await AssertDeniedAsync(client, new Uri($"http://rebind.test:{target.Url.Port}/"));

        Assert.Equal(IPAddress.Parse("127.0.0.2"), denied.Address);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task Resolved_addresses_are_tried_in_order()
    {
        await using var target = await LoopbackTarget.StartAsync(Ok);
        // Nothing listens on 127.0.0.3, so that connection is refused and the next address is used.
        Resolver resolve = (_, _) => Task.FromResult(new[] { IPAddress.Parse("127.0.0.3"), IPAddress.Loopback });
        var logger = new ListLogger();
        using var client = Client(OutboundOptions.Default, logger, resolve);

        var body = await client.GetStringAsync($"http://two-addresses.test:{target.Url.Port}/").DefaultTimeout();

        Assert.Equal("ok", body);
        Assert.Equal("OutboundConnectFailed", Assert.Single(logger.Entries).EventName);
    }

    [Fact]
    public async Task Redirect_to_an_allowed_address_is_followed()
    {
        await using var second = await LoopbackTarget.StartAsync(Ok, "127.0.0.2");
        await using var first = await LoopbackTarget.StartAsync(RedirectTo(second.Url));
        using var client = Client(OutboundOptions.Default);

        Assert.Equal("ok", await client.GetStringAsync(first.Url).DefaultTimeout());
        Assert.Equal(1, second.Requests);
    }

    [Fact]
    public async Task Redirect_to_a_denied_address_is_refused()
    {
        await using var second = await LoopbackTarget.StartAsync(Ok, "127.0.0.2");
        await using var first = await LoopbackTarget.StartAsync(RedirectTo(second.Url));
        using var client = Client(DenyList127002());

        var denied = await AssertDeniedAsync(client, first.Url);

        Assert.Equal(IPAddress.Parse("127.0.0.2"), denied.Address);
        Assert.Equal(1, first.Requests);
        Assert.Equal(0, second.Requests);
    }

    [Theory]
    [InlineData(5, HttpStatusCode.OK, 6)]
    [InlineData(6, HttpStatusCode.Found, 6)]
    public async Task At_most_five_redirects_are_followed(int redirects, HttpStatusCode expected, int requests)
    {
        // /n redirects to /n+1 until n == redirects; a chain of six ends on a 302 that is not followed.
        await using var target = await LoopbackTarget.StartAsync(context =>
        {
            var n = int.Parse(context.Request.Path.Value!.TrimStart('/') is { Length: > 0 } s ? s : "0");
            if (n < redirects)
            {
                context.Response.Redirect($"/{n + 1}");
                return Task.CompletedTask;
            }
            return context.Response.WriteAsync("ok");
        });
        using var client = Client(OutboundOptions.Default);

        using var response = await client.GetAsync(target.Url).DefaultTimeout();

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(requests, target.Requests);
    }

    [Fact]
    public async Task MaxRedirects_zero_returns_the_redirect()
    {
        await using var target = await LoopbackTarget.StartAsync(RedirectTo(new Uri("http://127.0.0.1:1/")));
        using var client = Client(OutboundOptions.Default with { MaxRedirects = 0 });

        using var response = await client.GetAsync(target.Url).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }

    [Fact]
    public async Task Https_to_http_redirect_is_not_followed_but_https_to_https_is()
    {
        using var certificate = LoopbackTarget.CreateCertificate();
        await using var plain = await LoopbackTarget.StartAsync(Ok);
        await using var secure = await LoopbackTarget.StartAsync(Ok, certificate: certificate);
        await using var downgrade = await LoopbackTarget.StartAsync(RedirectTo(plain.Url), certificate: certificate);
        await using var upgrade = await LoopbackTarget.StartAsync(RedirectTo(secure.Url), certificate: certificate);
        var handler = OutboundHttp.CreateHandler(DenyList.Empty, OutboundOptions.Default);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString();
        using var client = new HttpClient(handler) { Timeout = Timeouts.Default };

        using var refused = await client.GetAsync(downgrade.Url).DefaultTimeout();
        using var followed = await client.GetAsync(upgrade.Url).DefaultTimeout();

        Assert.Equal("https", downgrade.Url.Scheme);
        Assert.Equal(HttpStatusCode.Found, refused.StatusCode);
        Assert.Equal(0, plain.Requests);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal(1, secure.Requests);
    }

    [Fact]
    public async Task ReadBodyAsync_returns_a_body_at_the_limit()
    {
        await using var target = await LoopbackTarget.StartAsync(context => context.Response.Body.WriteAsync(new byte[1000]).AsTask());
        using var client = Client(OutboundOptions.Default);
        using var response = await client.GetAsync(target.Url, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();

        var body = await OutboundHttp.ReadBodyAsync(response, 1000, CancellationToken.None).DefaultTimeout();

        Assert.Equal(1000, body.Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadBodyAsync_fails_past_the_limit(bool contentLength)
    {
        await using var target = await LoopbackTarget.StartAsync(async context =>
        {
            if (contentLength)
            {
                context.Response.ContentLength = 1001;
            }
            await context.Response.Body.WriteAsync(new byte[1001]);
        });
        using var client = Client(OutboundOptions.Default);
        using var response = await client.GetAsync(target.Url, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => OutboundHttp.ReadBodyAsync(response, 1000, CancellationToken.None)).DefaultTimeout();

        Assert.Equal(HttpRequestError.ConfigurationLimitExceeded, error.HttpRequestError);
        Assert.Contains("1000 bytes", error.Message);
    }

    [Fact]
    public async Task ReadBodyAsync_limits_the_decompressed_size()
    {
        // 1 MB of zeros gzips to about 1 KB: the limit must apply to what is decompressed.
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(new byte[1_000_000]);
        }
        await using var target = await LoopbackTarget.StartAsync(context =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return context.Response.Body.WriteAsync(compressed.ToArray()).AsTask();
        });
        using var client = Client(OutboundOptions.Default);
        using var response = await client.GetAsync(target.Url, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();

        Assert.True(compressed.Length < 100_000);
        await Assert.ThrowsAsync<HttpRequestException>(() => OutboundHttp.ReadBodyAsync(response, 100_000, CancellationToken.None)).DefaultTimeout();
    }

    [Fact]
    public async Task CreateClient_caps_buffered_bodies_and_sets_the_timeout()
    {
        await using var target = await LoopbackTarget.StartAsync(context => context.Response.Body.WriteAsync(new byte[2000]).AsTask());
        var options = OutboundOptions.Default with { MaxResponseBytes = 1000, ClientTimeout = TimeSpan.FromSeconds(7) };
        using var client = OutboundHttp.CreateClient(new DenyList(options.DenyList), options);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(target.Url)).DefaultTimeout();
        Assert.Equal(TimeSpan.FromSeconds(7), client.Timeout);
    }

    [Fact]
    public void CreateHandler_applies_the_options()
    {
        using var handler = OutboundHttp.CreateHandler(DenyList.Empty, OutboundOptions.Default with { MaxRedirects = 3 });

        Assert.True(handler.AllowAutoRedirect);
        Assert.Equal(3, handler.MaxAutomaticRedirections);
        Assert.Equal(DecompressionMethods.GZip, handler.AutomaticDecompression);
        Assert.False(handler.UseCookies);
        Assert.False(handler.UseProxy);
        Assert.Equal(TimeSpan.FromMinutes(2), handler.PooledConnectionLifetime);
        Assert.NotNull(handler.ConnectCallback);
    }

    private static OutboundOptions DenyList127002() => OutboundOptions.Default with { DenyList = ["127.0.0.2/32"] };

    private static RequestDelegate RedirectTo(Uri url) => context =>
    {
        context.Response.Redirect(url.ToString());
        return Task.CompletedTask;
    };
}
