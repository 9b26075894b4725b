using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Hookgate.Protocol.Tests.Echo;
using Hookgate.Protocol.Tests.Infrastructure;

namespace Hookgate.Protocol.Tests.Server;

[Collection(EchoServerCollection.Name)]
public class ConnectTests(EchoServerFixture fixture)
{
    private const string EchoPath = "/hookgate.testing.v1.EchoService/Echo";
    private readonly EchoServer _server = fixture.Server;

    [Fact]
    public async Task Json_SuccessIsProtojsonWithSameContentType()
    {
        using var request = Wire.Http(HttpMethod.Post, EchoPath, """{"id":"c","i64":"7","ignoredUnknown":true}""");
        request.Headers.Add("connect-protocol-version", "1");

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(
            "{\"method\":\"Echo:ConnectJson:" + EchoPath + "\",\"request\":{\"id\":\"c\",\"i64\":\"7\"}}",
            await response.Content.ReadAsStringAsync().DefaultTimeout());
    }

    [Fact]
    public async Task Proto_SuccessIsBinaryOverHttp2()
    {
        using var request = Wire.Grpc(EchoPath, new Kitchen { Id = "p" }.ToByteArray(), "application/proto");

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/proto", response.Content.Headers.ContentType!.MediaType);
        var reply = EchoReply.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync().DefaultTimeout());
        Assert.Equal("Echo:ConnectProto:" + EchoPath, reply.Method);
    }

    [Fact]
    public async Task Error_IsConnectJsonWithBase64Details()
    {
        var fail = new FailRequest { Code = 5, Message = "Target not found", DetailId = "QUERY-hj5oaniyrz" };
        using var request = Wire.Grpc("/hookgate.testing.v1.EchoService/Fail", fail.ToByteArray(), "application/proto", HttpVersion.Version11);

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var expectedValue = Convert.ToBase64String(new ErrorDetail { Id = "QUERY-hj5oaniyrz", Message = "Target not found" }.ToByteArray()).TrimEnd('=');
        Assert.Equal(
            "{\"code\":\"not_found\",\"message\":\"Target not found (QUERY-hj5oaniyrz)\",\"details\":[{\"type\":\"hookgate.testing.v1.ErrorDetail\",\"value\":\"" + expectedValue + "\"}]}",
            body);
    }

    [Fact]
    public async Task JsonError_WithoutDetails_OmitsDetails()
    {
        using var request = Wire.Http(HttpMethod.Post, "/hookgate.testing.v1.EchoService/Fail", """{"code":16,"message":"who are you"}""");

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("{\"code\":\"unauthenticated\",\"message\":\"who are you\"}", await response.Content.ReadAsStringAsync().DefaultTimeout());
    }

    [Fact]
    public async Task ConnectTimeout_ExpiresAsDeadlineExceeded()
    {
        using var request = Wire.Http(HttpMethod.Post, "/hookgate.testing.v1.EchoService/Slow", """{"delayMs":10000}""");
        request.Headers.Add("connect-timeout-ms", "100");

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync().DefaultTimeout());
        Assert.Equal("deadline_exceeded", json.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnsupportedContentType_Is415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, EchoPath) { Content = new StringContent("x", Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("\"code\":3", await response.Content.ReadAsStringAsync().DefaultTimeout());
    }

    [Fact]
    public async Task GetOnRpcPath_Is405()
    {
        using var response = await _server.Client.GetAsync(EchoPath).DefaultTimeout();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
