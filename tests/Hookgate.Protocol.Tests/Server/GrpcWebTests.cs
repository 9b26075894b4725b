using System.Net;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Protocol.Tests.Echo;
using Hookgate.Protocol.Tests.Infrastructure;

namespace Hookgate.Protocol.Tests.Server;

[Collection(EchoServerCollection.Name)]
public class GrpcWebTests(EchoServerFixture fixture)
{
    private const string EchoPath = "/hookgate.testing.v1.EchoService/Echo";
    private readonly EchoServer _server = fixture.Server;

    [Theory]
    [InlineData("application/grpc-web", "1.1")]
    [InlineData("application/grpc-web+proto", "1.1")]
    [InlineData("application/grpc-web+proto", "2.0")]
    public async Task Binary_ReturnsMessageThenTrailerFrame(string contentType, string httpVersion)
    {
        using var request = Wire.Grpc(EchoPath, Wire.Frame(new Kitchen { Id = "web" }), contentType, Version.Parse(httpVersion));

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();
        var frames = Wire.Frames(await response.Content.ReadAsByteArrayAsync().DefaultTimeout());

        Assert.Equal(Version.Parse(httpVersion), response.Version);
        Assert.Equal("application/grpc-web+proto", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(2, frames.Count);
        Assert.Equal("Echo:GrpcWeb:" + EchoPath, EchoReply.Parser.ParseFrom(frames[0].Payload).Method);
        Assert.Equal(0x80, frames[1].Flag);
        Assert.Equal("grpc-status:0\r\n", Encoding.ASCII.GetString(frames[1].Payload));
    }

    [Fact]
    public async Task Text_Base64sRequestAndResponse()
    {
        var body = Encoding.ASCII.GetBytes(Convert.ToBase64String(Wire.Frame(new Kitchen { Id = "text" })));
        using var request = Wire.Grpc(EchoPath, body, "application/grpc-web-text", HttpVersion.Version11);

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();
        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();
        var frames = Wire.Frames(Convert.FromBase64String(text));

        Assert.Equal("application/grpc-web-text+proto", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Echo:GrpcWebText:" + EchoPath, EchoReply.Parser.ParseFrom(frames[0].Payload).Method);
        Assert.Equal("0", Wire.TrailerFrame(frames[1].Payload)["grpc-status"]);
    }

    [Fact]
    public async Task Error_IsATrailerFrameWithStatusMessageAndDetails()
    {
        var fail = new FailRequest { Code = 7, Message = "no", DetailId = "AUTH-1" };
        using var request = Wire.Grpc("/hookgate.testing.v1.EchoService/Fail", Wire.Frame(fail), "application/grpc-web+proto", HttpVersion.Version11);

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();
        var frame = Assert.Single(Wire.Frames(await response.Content.ReadAsByteArrayAsync().DefaultTimeout()));
        var trailers = Wire.TrailerFrame(frame.Payload);

        Assert.Equal(0x80, frame.Flag);
        Assert.Equal("7", trailers["grpc-status"]);
        Assert.Equal("no (AUTH-1)", trailers["grpc-message"]);
        var status = Google.Rpc.Status.Parser.ParseFrom(Wire.Unbase64Unpadded(trailers["grpc-status-details-bin"]));
        Assert.Equal("AUTH-1", status.Details[0].Unpack<ErrorDetail>().Id);
    }

    [Fact]
    public async Task Text_ErrorIsBase64TrailerFrame()
    {
        var body = Encoding.ASCII.GetBytes(Convert.ToBase64String(Wire.Frame(new Empty())));
        using var request = Wire.Grpc("/hookgate.testing.v1.EchoService/Boom", body, "application/grpc-web-text", HttpVersion.Version11);

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();
        var frames = Wire.Frames(Convert.FromBase64String(await response.Content.ReadAsStringAsync().DefaultTimeout()));

        Assert.Equal("13", Wire.TrailerFrame(Assert.Single(frames).Payload)["grpc-status"]);
    }

    [Fact]
    public async Task Cors_PreflightAllowsGrpcWebHeaders_AndResponsesExposeStatus()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, EchoPath);
        preflight.Headers.Add("Origin", "http://localhost:3000");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-grpc-web,content-type");
        using var preflightResponse = await _server.Client.SendAsync(preflight).DefaultTimeout();
        using var call = Wire.Grpc(EchoPath, Wire.Frame(new Kitchen()), "application/grpc-web", HttpVersion.Version11);
        call.Headers.Add("Origin", "http://localhost:3000");
        using var callResponse = await _server.Client.SendAsync(call).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.Equal("http://localhost:3000", Wire.Header(preflightResponse, "Access-Control-Allow-Origin"));
        var allowed = Wire.Header(preflightResponse, "Access-Control-Allow-Headers");
        foreach (var header in new[] { "authorization", "x-grpc-web", "x-user-agent", "connect-protocol-version", "connect-timeout-ms", "grpc-timeout" })
        {
            Assert.Contains(header, allowed);
        }

        Assert.Contains("grpc-status-details-bin", Wire.Header(preflightResponse, "Access-Control-Expose-Headers"));
        Assert.Equal("http://localhost:3000", Wire.Header(callResponse, "Access-Control-Allow-Origin"));
        Assert.Contains("grpc-message", Wire.Header(callResponse, "Access-Control-Expose-Headers"));
    }
}
