using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Protocol.Tests.Echo;
using Hookgate.Protocol.Tests.Infrastructure;

namespace Hookgate.Protocol.Tests.Server;

/// <summary>Malformed input on every protocol is InvalidArgument with a stable id, never a 500.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const string Echo = "/hookgate.testing.v1.EchoService/Echo";
    private const int Limit = 16 * 1024;
    private EchoServer _server = null!;

    public enum Kind
    {
        Rest,
        Connect,
        Grpc,
        GrpcWebText,
    }

    public static TheoryData<string, Kind, string> Cases => new()
    {
        { "rest: malformed JSON", Kind.Rest, ProtocolErrorIds.InvalidJson },
        { "rest: string for int32", Kind.Rest, ProtocolErrorIds.InvalidJson },
        { "rest: unknown enum name", Kind.Rest, ProtocolErrorIds.InvalidJson },
        { "rest: int32 out of range", Kind.Rest, ProtocolErrorIds.InvalidJson },
        { "rest: invalid base64", Kind.Rest, ProtocolErrorIds.InvalidJson },
        { "rest: invalid timestamp", Kind.Rest, ProtocolErrorIds.InvalidJson },
        { "rest: invalid duration", Kind.Rest, ProtocolErrorIds.InvalidJson },
        { "rest: object for repeated", Kind.Rest, ProtocolErrorIds.InvalidJson },
        { "rest: invalid UTF-8", Kind.Rest, ProtocolErrorIds.InvalidJson },
        { "rest: nesting too deep", Kind.Rest, ProtocolErrorIds.InvalidJson },
        { "rest: array for body field", Kind.Rest, ProtocolErrorIds.InvalidJson },
        { "rest: oversized (content-length)", Kind.Rest, ProtocolErrorIds.BodyTooLarge },
        { "rest: oversized (chunked)", Kind.Rest, ProtocolErrorIds.BodyTooLarge },
        { "rest: query int", Kind.Rest, ProtocolErrorIds.InvalidQuery },
        { "rest: query enum", Kind.Rest, ProtocolErrorIds.InvalidQuery },
        { "rest: query repeated singular", Kind.Rest, ProtocolErrorIds.InvalidQuery },
        { "rest: query path through scalar", Kind.Rest, ProtocolErrorIds.InvalidQuery },
        { "rest: query oneof conflict", Kind.Rest, ProtocolErrorIds.InvalidQuery },
        { "rest: query bad timestamp", Kind.Rest, ProtocolErrorIds.InvalidQuery },
        { "connect: malformed JSON", Kind.Connect, ProtocolErrorIds.InvalidJson },
        { "connect: negative uint64", Kind.Connect, ProtocolErrorIds.InvalidJson },
        { "connect: malformed proto", Kind.Connect, ProtocolErrorIds.InvalidProtobuf },
        { "connect: corrupt gzip", Kind.Connect, ProtocolErrorIds.InvalidCompression },
        { "connect: protocol version 2", Kind.Connect, ProtocolErrorIds.InvalidHeader },
        { "connect: negative timeout", Kind.Connect, ProtocolErrorIds.InvalidHeader },
        { "connect: oversized proto", Kind.Connect, ProtocolErrorIds.BodyTooLarge },
        { "grpc: frame length mismatch", Kind.Grpc, ProtocolErrorIds.InvalidFrame },
        { "grpc: empty body", Kind.Grpc, ProtocolErrorIds.InvalidFrame },
        { "grpc: malformed protobuf", Kind.Grpc, ProtocolErrorIds.InvalidProtobuf },
        { "grpc: compressed without encoding", Kind.Grpc, ProtocolErrorIds.InvalidFrame },
        { "grpc: corrupt gzip", Kind.Grpc, ProtocolErrorIds.InvalidCompression },
        { "grpc: gzip bomb over the limit", Kind.Grpc, ProtocolErrorIds.BodyTooLarge },
        { "grpc: oversized frame", Kind.Grpc, ProtocolErrorIds.BodyTooLarge },
        { "grpc: bad grpc-timeout", Kind.Grpc, ProtocolErrorIds.InvalidHeader },
        { "grpc-web-text: invalid base64", Kind.GrpcWebText, ProtocolErrorIds.InvalidBase64 },
    };

    public async Task InitializeAsync() => _server = await EchoServer.StartAsync(new RpcServerOptions
    {
        MaxRequestBodyBytes = Limit,
        ProtocolError = (code, id, text) => new RpcException(code, text + " (" + id + ")", [new ErrorDetail { Id = id, Message = text }]),
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_IsInvalidArgumentWithStableId(string name, Kind kind, string expectedId)
    {
        // Arrange
        using var request = Build(name);

        // Act
        using var response = await _server.Client.SendAsync(request).DefaultTimeout();
        var (code, id) = await ReadErrorAsync(response, kind).DefaultTimeout();

        // Assert
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, code);
        Assert.Equal(expectedId, id);
        if (kind is Kind.Rest or Kind.Connect)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task ProtocolError_ShapesRouteErrorsToo()
    {
        using var response = await _server.Client.GetAsync("/v1/nope").DefaultTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
            "{\"code\":5,\"message\":\"Not Found (PROTO-NF01)\",\"details\":[{\"@type\":\"type.googleapis.com/hookgate.testing.v1.ErrorDetail\",\"id\":\"PROTO-NF01\",\"message\":\"Not Found\"}]}",
            await response.Content.ReadAsStringAsync().DefaultTimeout());
    }

    private static HttpRequestMessage Build(string name) => name switch
    {
        "rest: malformed JSON" => Rest("{"),
        "rest: string for int32" => Rest("""{"i32":"x"}"""),
        "rest: unknown enum name" => Rest("""{"color":"COLOR_NOPE"}"""),
        "rest: int32 out of range" => Rest("""{"i32":3000000000}"""),
        "rest: invalid base64" => Rest("""{"data":"!!!"}"""),
        "rest: invalid timestamp" => Rest("""{"createdAt":"yesterday"}"""),
        "rest: invalid duration" => Rest("""{"ttl":"5 minutes"}"""),
        "rest: object for repeated" => Rest("""{"tags":{}}"""),
        "rest: invalid UTF-8" => RestBytes([(byte)'{', (byte)'"', (byte)'i', (byte)'d', (byte)'"', (byte)':', (byte)'"', 0xc3, 0x28, (byte)'"', (byte)'}']),
        "rest: nesting too deep" => Rest("{\"nested\":" + string.Concat(Enumerable.Repeat("{\"child\":", 150)) + "{}" + new string('}', 151)),
        "rest: array for body field" => Wire.Http(HttpMethod.Put, "/v1/echo/x", "[1]"),
        "rest: oversized (content-length)" => Rest("{\"id\":\"" + new string('x', Limit) + "\"}"),
        "rest: oversized (chunked)" => Chunked("/v1/echo", Encoding.UTF8.GetBytes("{\"id\":\"" + new string('x', Limit) + "\"}"), "application/json"),
        "rest: query int" => Wire.Http(HttpMethod.Get, "/v1/echo/x?i32=abc"),
        "rest: query enum" => Wire.Http(HttpMethod.Get, "/v1/echo/x?color=NOPE"),
        "rest: query repeated singular" => Wire.Http(HttpMethod.Get, "/v1/echo/x?i32=1&i32=2"),
        "rest: query path through scalar" => Wire.Http(HttpMethod.Get, "/v1/echo/x?i32.x=1"),
        "rest: query oneof conflict" => Wire.Http(HttpMethod.Get, "/v1/echo/x?text=a&number=1"),
        "rest: query bad timestamp" => Wire.Http(HttpMethod.Get, "/v1/echo/x?createdAt=2020-02-30T00:00:00Z"),
        "connect: malformed JSON" => Wire.Http(HttpMethod.Post, Echo, "{\"id\":"),
        "connect: negative uint64" => Wire.Http(HttpMethod.Post, Echo, """{"u64":"-1"}"""),
        "connect: malformed proto" => Wire.Grpc(Echo, [0x0a, 0xff, 0xff, 0xff], "application/proto"),
        "connect: corrupt gzip" => WithHeader(Wire.Grpc(Echo, [1, 2, 3, 4], "application/proto"), "Content-Encoding", "gzip", content: true),
        "connect: protocol version 2" => WithHeader(Wire.Http(HttpMethod.Post, Echo, "{}"), "connect-protocol-version", "2"),
        "connect: negative timeout" => WithHeader(Wire.Http(HttpMethod.Post, Echo, "{}"), "connect-timeout-ms", "-5"),
        "connect: oversized proto" => Wire.Grpc(Echo, new Kitchen { Id = new string('x', Limit) }.ToByteArray(), "application/proto"),
        "grpc: frame length mismatch" => Wire.Grpc(Echo, [0, 0, 0, 0, 9, 1, 2]),
        "grpc: empty body" => Wire.Grpc(Echo, []),
        "grpc: malformed protobuf" => Wire.Grpc(Echo, Wire.Frame(new Empty(), payload: [0x0a, 0x05, 0x01])),
        "grpc: compressed without encoding" => Wire.Grpc(Echo, Wire.Frame(new Empty(), compressed: true, payload: [1, 2])),
        "grpc: corrupt gzip" => WithHeader(Wire.Grpc(Echo, Wire.Frame(new Empty(), compressed: true, payload: [1, 2, 3])), "grpc-encoding", "gzip"),
        "grpc: gzip bomb over the limit" => WithHeader(Wire.Grpc(Echo, Wire.Frame(new Empty(), compressed: true, payload: Gzip(new Kitchen { Id = new string('x', Limit * 4) }.ToByteArray()))), "grpc-encoding", "gzip"),
        "grpc: oversized frame" => Wire.Grpc(Echo, Wire.Frame(new Kitchen { Id = new string('x', Limit) })),
        "grpc: bad grpc-timeout" => WithHeader(Wire.Grpc(Echo, Wire.Frame(new Kitchen())), "grpc-timeout", "soon"),
        "grpc-web-text: invalid base64" => Wire.Grpc(Echo, Encoding.ASCII.GetBytes("!!!not base64!!!"), "application/grpc-web-text", HttpVersion.Version11),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static HttpRequestMessage Rest(string json) => Wire.Http(HttpMethod.Post, "/v1/echo", json);

    private static HttpRequestMessage RestBytes(byte[] body)
    {
        var request = Wire.Http(HttpMethod.Post, "/v1/echo");
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        return request;
    }

    private static HttpRequestMessage Chunked(string path, byte[] body, string contentType)
    {
        var request = Wire.Http(HttpMethod.Post, path);
        request.Content = new StreamContent(new NonSeekableStream(body));
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return request;
    }

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string name, string value, bool content = false)
    {
        if (content)
        {
            request.Content!.Headers.TryAddWithoutValidation(name, value);
        }
        else
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static async Task<(StatusCode Code, string Id)> ReadErrorAsync(HttpResponseMessage response, Kind kind)
    {
        var body = await response.Content.ReadAsByteArrayAsync().DefaultTimeout();
        switch (kind)
        {
            case Kind.Rest:
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                return ((StatusCode)root.GetProperty("code").GetInt32(), root.GetProperty("details")[0].GetProperty("id").GetString()!);
            }

            case Kind.Connect:
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                Assert.Equal("invalid_argument", root.GetProperty("code").GetString());
                var detail = ErrorDetail.Parser.ParseFrom(Wire.Unbase64Unpadded(root.GetProperty("details")[0].GetProperty("value").GetString()!));
                return (StatusCode.InvalidArgument, detail.Id);
            }

            case Kind.Grpc:
            {
                var status = Google.Rpc.Status.Parser.ParseFrom(Wire.Unbase64Unpadded(Wire.Header(response, "grpc-status-details-bin")));
                Assert.Equal(status.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), Wire.Header(response, "grpc-status"));
                return ((StatusCode)status.Code, status.Details[0].Unpack<ErrorDetail>().Id);
            }

            default:
            {
                var frame = Assert.Single(Wire.Frames(Convert.FromBase64String(Encoding.ASCII.GetString(body))));
                var trailers = Wire.TrailerFrame(frame.Payload);
                var status = Google.Rpc.Status.Parser.ParseFrom(Wire.Unbase64Unpadded(trailers["grpc-status-details-bin"]));
                return ((StatusCode)status.Code, status.Details[0].Unpack<ErrorDetail>().Id);
            }
        }
    }

    /// <summary>Forces a chunked request body (no Content-Length).</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
