using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Protocol.Tests.Echo;
using Hookgate.Protocol.Tests.Infrastructure;

namespace Hookgate.Protocol.Tests.Server;

[Collection(EchoServerCollection.Name)]
public class GrpcTests(EchoServerFixture fixture)
{
    private const string EchoPath = "/hookgate.testing.v1.EchoService/Echo";
    private const string FailPath = "/hookgate.testing.v1.EchoService/Fail";
    private readonly EchoServer _server = fixture.Server;

    [Fact]
    public async Task Unary_ReturnsOneFrameAndOkTrailer()
    {
        // Arrange
        using var request = Wire.Grpc(EchoPath, Wire.Frame(new Kitchen { Id = "g", I64 = -1 }));

        // Act
        using var response = await _server.Client.SendAsync(request).DefaultTimeout();
        var body = await response.Content.ReadAsByteArrayAsync().DefaultTimeout();

        // Assert
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType!.MediaType);
        var frame = Assert.Single(Wire.Frames(body));
        Assert.Equal(0, frame.Flag);
        var reply = EchoReply.Parser.ParseFrom(frame.Payload);
        Assert.Equal("Echo:Grpc:" + EchoPath, reply.Method);
        Assert.Equal(new Kitchen { Id = "g", I64 = -1 }, reply.Request);
        Assert.Equal("0", Wire.Header(response, "grpc-status"));
        Assert.True(response.TrailingHeaders.Contains("grpc-status"));
    }

    [Fact]
    public async Task HandlerError_IsTrailersOnlyWithEncodedMessageAndStatusDetails()
    {
        var fail = new FailRequest { Code = 5, Message = "Zïel 100% weg", DetailId = "QUERY-1" };
        using var request = Wire.Grpc(FailPath, Wire.Frame(fail));

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();
        var body = await response.Content.ReadAsByteArrayAsync().DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(body);
        Assert.True(response.Headers.Contains("grpc-status"), "status must be in the headers (trailers-only)");
        Assert.Equal("5", Wire.Header(response, "grpc-status"));
        Assert.Equal("Z%C3%AFel 100%25 weg (QUERY-1)", Wire.Header(response, "grpc-message"));
        var status = Google.Rpc.Status.Parser.ParseFrom(Wire.Unbase64Unpadded(Wire.Header(response, "grpc-status-details-bin")));
        Assert.Equal(5, status.Code);
        Assert.Equal("Zïel 100% weg (QUERY-1)", status.Message);
        var detail = Assert.Single(status.Details);
        Assert.Equal("type.googleapis.com/hookgate.testing.v1.ErrorDetail", detail.TypeUrl);
        Assert.Equal(new ErrorDetail { Id = "QUERY-1", Message = "Zïel 100% weg" }, detail.Unpack<ErrorDetail>());
    }

    [Fact]
    public async Task GzipCompressedRequest_IsInflated()
    {
        var raw = new Kitchen { Id = new string('z', 1000) }.ToByteArray();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        using var request = Wire.Grpc(EchoPath, Wire.Frame(new Empty(), compressed: true, payload: compressed.ToArray()));
        request.Headers.Add("grpc-encoding", "gzip");

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();
        var body = await response.Content.ReadAsByteArrayAsync().DefaultTimeout();

        Assert.Equal("0", Wire.Header(response, "grpc-status"));
        Assert.Equal(1000, EchoReply.Parser.ParseFrom(Wire.Frames(body)[0].Payload).Request.Id.Length);
    }

    [Theory]
    [InlineData("/hookgate.testing.v1.EchoService/NoSuchMethod")]
    [InlineData("/hookgate.testing.v1.NoSuchService/Echo")]
    [InlineData("/hookgate.testing.v1.EchoService/NotServed")]
    public async Task UnknownOrUnservedMethod_IsUnimplemented(string path)
    {
        using var request = Wire.Grpc(path, Wire.Frame(new Empty()));

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("12", Wire.Header(response, "grpc-status"));
    }

    [Fact]
    public async Task UnsupportedGrpcEncoding_IsUnimplemented()
    {
        using var request = Wire.Grpc(EchoPath, Wire.Frame(new Kitchen()));
        request.Headers.Add("grpc-encoding", "snappy");

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal("12", Wire.Header(response, "grpc-status"));
    }

    [Fact]
    public async Task GrpcTimeout_ExpiresAsDeadlineExceeded()
    {
        using var request = Wire.Grpc("/hookgate.testing.v1.EchoService/Slow", Wire.Frame(new SlowRequest { DelayMs = 10_000 }));
        request.Headers.Add("grpc-timeout", "100m");

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal("4", Wire.Header(response, "grpc-status"));
    }

    [Fact]
    public async Task HandlerCrash_IsInternalErrorWithoutDetailsOfTheException()
    {
        using var request = Wire.Grpc("/hookgate.testing.v1.EchoService/Boom", Wire.Frame(new Empty()));

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal("13", Wire.Header(response, "grpc-status"));
        Assert.Equal("Internal error", Wire.Header(response, "grpc-message"));
    }

    [Fact]
    public async Task GrpcOverHttp11_IsRejected()
    {
        using var request = Wire.Grpc(EchoPath, Wire.Frame(new Kitchen()), version: HttpVersion.Version11);

        using var response = await _server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Equal("13", Wire.Header(response, "grpc-status"));
    }
}
