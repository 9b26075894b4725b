using System.Net;
using System.Net.Sockets;
using System.Text;
using Hookgate.Protocol.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Hookgate.Protocol.Tests.Listener;

public class Http1AndH2cListenerTests
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    // An empty SETTINGS frame: length 0, type 4, flags 0, stream 0.
    private static readonly byte[] EmptySettings = [0, 0, 0, 4, 0, 0, 0, 0, 0];

    [Fact]
    public async Task OnePort_ServesRawHttp11AndRawH2c()
    {
        // Arrange
        await using var server = await EchoServer.StartAsync();

        // Act
        var http1 = await SendHttp11Async(server, [Encoding.ASCII.GetBytes(Http11Request("/v1/echo/raw"))]);
        var h2Frame = await SendH2cAsync(server, [Preface, EmptySettings]);

        // Assert
        Assert.StartsWith("HTTP/1.1 200", http1);
        Assert.Contains("\"id\":\"raw\"", http1);
        Assert.Equal(4, h2Frame[3]); // the server's first frame is SETTINGS
    }

    [Fact]
    public async Task PrefaceArrivingInPieces_IsStillRecognised()
    {
        await using var server = await EchoServer.StartAsync();

        var h2Frame = await SendH2cAsync(server, [Preface[..2], Preface[2..10], Preface[10..], EmptySettings]);
        var http1 = await SendHttp11Async(server, [Encoding.ASCII.GetBytes("P"), Encoding.ASCII.GetBytes(Http11Request("/v1/items/search", "POST")[1..])]);

        Assert.Equal(4, h2Frame[3]);
        Assert.StartsWith("HTTP/1.1 200", http1);
        Assert.Contains("SearchItems", http1);
    }

    [Fact]
    public async Task SilentClient_IsHandedToHttp11AfterThePrefaceTimeout()
    {
        await using var server = await EchoServer.StartAsync(prefaceTimeout: TimeSpan.FromMilliseconds(200));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Endpoint.BoundEndPoint!.Port).DefaultTimeout();

        await Task.Delay(600);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Http11Request("/v1/echo/late"))).DefaultTimeout();
        var response = await ReadAllAsync(stream);

        Assert.StartsWith("HTTP/1.1 200", response);
        Assert.Contains(server.Logs.Events, e => e.EventName == "PrefaceTimeout");
    }

    [Fact]
    public async Task ClientClosingBeforeSendingAnything_LeavesTheListenerWorking()
    {
        await using var server = await EchoServer.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, server.Endpoint.BoundEndPoint!.Port).DefaultTimeout();
        }

        using var response = await server.Client.GetAsync("/v1/echo/after").DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PortZero_ReportsTheRealPortInTheEndpointAndServerAddresses()
    {
        await using var server = await EchoServer.StartAsync();
        var port = server.Endpoint.BoundEndPoint!.Port;
        var addresses = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;

        Assert.NotEqual(0, port);
        Assert.Equal(port, (await server.Endpoint.WhenBound.DefaultTimeout()).Port);
        Assert.Contains("http://127.0.0.1:" + port, addresses);
    }

    [Fact]
    public async Task Stop_ReleasesTheSocket()
    {
        var server = await EchoServer.StartAsync();
        var port = server.Endpoint.BoundEndPoint!.Port;
        using (var warm = await server.Client.GetAsync("/v1/echo/warm").DefaultTimeout())
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await server.DisposeAsync();

        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port).DefaultTimeout());
        var rebind = new TcpListener(IPAddress.Loopback, port);
        rebind.Start();
        rebind.Stop();
    }

    private static string Http11Request(string path, string method = "GET") =>
        method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + (method == "GET" ? "0" : "2") + "\r\nConnection: close\r\n\r\n" + (method == "GET" ? "" : "{}");

    private static async Task<string> SendHttp11Async(EchoServer server, byte[][] pieces)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Endpoint.BoundEndPoint!.Port).DefaultTimeout();
        var stream = client.GetStream();
        foreach (var piece in pieces)
        {
            await stream.WriteAsync(piece).DefaultTimeout();
            await stream.FlushAsync().DefaultTimeout();
            await Task.Delay(50);
        }

        return await ReadAllAsync(stream);
    }

    private static async Task<byte[]> SendH2cAsync(EchoServer server, byte[][] pieces)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Endpoint.BoundEndPoint!.Port).DefaultTimeout();
        var stream = client.GetStream();
        foreach (var piece in pieces)
        {
            await stream.WriteAsync(piece).DefaultTimeout();
            await stream.FlushAsync().DefaultTimeout();
            await Task.Delay(50);
        }

        var header = new byte[9];
        await stream.ReadExactlyAsync(header).DefaultTimeout();
        return header;
    }

    private static async Task<string> ReadAllAsync(NetworkStream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).DefaultTimeout();
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
