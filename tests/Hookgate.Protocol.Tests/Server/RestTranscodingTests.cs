using System.Net;
using System.Text;
using Hookgate.Protocol.Tests.Echo;
using Hookgate.Protocol.Tests.Infrastructure;

namespace Hookgate.Protocol.Tests.Server;

[Collection(EchoServerCollection.Name)]
public class RestTranscodingTests(EchoServerFixture fixture)
{
    private readonly EchoServer _server = fixture.Server;

    [Fact]
    public async Task Post_BodyStar_BindsTheWholeMessage()
    {
        // Act
        var (status, reply) = await CallAsync(HttpMethod.Post, "/v1/echo", """{"id":"a","i64":"5","nested":{"id":"n"},"unknownField":1}""");

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("Echo:Rest:/hookgate.testing.v1.EchoService/Echo", reply.Method);
        Assert.Equal(new Kitchen { Id = "a", I64 = 5, Nested = new Nested { Id = "n" } }, reply.Request);
    }

    [Fact]
    public async Task Get_PathAndQuery_BindEveryScalarKind()
    {
        var query = "i32=5&tags=x&tags=y&color=COLOR_RED&colors=2&colors=COLOR_RED&nested.value=3&nested.child.id=deep&flag=true" +
            "&createdAt=2020-01-01T00:00:00Z&ttl=1.5s&optCount=7&optName=n&snake_case_field=s&labels[k]=v&id=ignored&u64=18446744073709551615" +
            "&db=NaN&data=AQI%3D&mask=a_b,c&text=hello%20world&maybe=m&unknown=1";

        var (status, reply) = await CallAsync(HttpMethod.Get, "/v1/echo/abc?" + query);

        Assert.Equal(HttpStatusCode.OK, status);
        var request = reply.Request;
        Assert.Equal("abc", request.Id);
        Assert.Equal(5, request.I32);
        Assert.Equal(["x", "y"], request.Tags);
        Assert.Equal(Color.Red, request.Color);
        Assert.Equal([Color.Green, Color.Red], request.Colors);
        Assert.Equal(3, request.Nested.Value);
        Assert.Equal("deep", request.Nested.Child.Id);
        Assert.True(request.Flag);
        Assert.Equal(1577836800, request.CreatedAt.Seconds);
        Assert.Equal(new Google.Protobuf.WellKnownTypes.Duration { Seconds = 1, Nanos = 500000000 }, request.Ttl);
        Assert.Equal(7, request.OptCount);
        Assert.Equal("n", request.OptName);
        Assert.Equal("s", request.SnakeCaseField);
        Assert.Equal("v", request.Labels["k"]);
        Assert.Equal(ulong.MaxValue, request.U64);
        Assert.True(double.IsNaN(request.Db));
        Assert.Equal(new byte[] { 1, 2 }, request.Data.ToByteArray());
        Assert.Equal(["a_b", "c"], request.Mask.Paths);
        Assert.Equal("hello world", request.Text);
        Assert.Equal("m", request.Maybe);
    }

    [Fact]
    public async Task Put_BodyField_FillsThatFieldAndTheRestComesFromPathAndQuery()
    {
        var (status, reply) = await CallAsync(HttpMethod.Put, "/v1/echo/abc?i32=4&nested.id=ignored", """{"id":"nested-id","value":2}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new Kitchen { Id = "abc", I32 = 4, Nested = new Nested { Id = "nested-id", Value = 2 } }, reply.Request);
    }

    [Fact]
    public async Task Patch_BodyStar_PathParameterWinsAndQueryIsIgnored()
    {
        var (status, reply) = await CallAsync(HttpMethod.Patch, "/v1/echo/abc?i32=99", """{"id":"from-body","i32":1}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new Kitchen { Id = "abc", I32 = 1 }, reply.Request);
    }

    [Fact]
    public async Task Delete_NoBody_BindsPath()
    {
        var (status, reply) = await CallAsync(HttpMethod.Delete, "/v1/echo/gone");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("gone", reply.Request.Id);
    }

    [Theory]
    [InlineData("POST", "/v1/items/search", "SearchItems", "")]
    [InlineData("POST", "/v1/items/xyz", "UpdateItem", "xyz")]
    [InlineData("GET", "/v1/items/search", "GetItem", "search")]
    [InlineData("POST", "/v1/items/abc:archive", "ArchiveItem", "abc")]
    [InlineData("GET", "/v1/items/a%2Fb", "GetItem", "a/b")]
    [InlineData("GET", "/v1/items/a%20b", "GetItem", "a b")]
    [InlineData("GET", "/v1/projects/p1/items/i1", "GetResource", "projects/p1/items/i1")]
    [InlineData("GET", "/v1/tree/a/b/c", "GetTree", "a/b/c")]
    [InlineData("GET", "/v1/tree", "GetTree", "")]
    [InlineData("REPORT", "/v1/report", "Report", "")]
    public async Task Routing_LiteralsBeatParameters_AndPatternsCaptureSegments(string verb, string path, string expectedMethod, string expectedId)
    {
        var (status, reply) = await CallAsync(new HttpMethod(verb), path, verb == "GET" ? null : "{}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith(expectedMethod + ":", reply.Method);
        Assert.Equal(expectedId, reply.Request.Id);
    }

    [Fact]
    public async Task NestedPathParameter_SetsSubMessageField()
    {
        var (status, reply) = await CallAsync(HttpMethod.Get, "/v1/orgs/o1/items/i1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new Kitchen { Id = "i1", Nested = new Nested { Id = "o1" } }, reply.Request);
    }

    [Fact]
    public async Task ResponseBody_WritesOnlyThatField()
    {
        using var response = await _server.Client.SendAsync(Wire.Http(HttpMethod.Get, "/v1/raw/zz?i64=3")).DefaultTimeout();

        Assert.Equal("{\"id\":\"zz\",\"i64\":\"3\"}", await response.Content.ReadAsStringAsync().DefaultTimeout());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task EmptyBody_OnBodyMethod_IsTheEmptyMessage()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/items/search");
        using var response = await _server.Client.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"method\":\"SearchItems:Rest:/hookgate.testing.v1.EchoService/SearchItems\",\"request\":{}}", await response.Content.ReadAsStringAsync().DefaultTimeout());
    }

    [Fact]
    public async Task HandlerError_WithDetail_UsesGrpcGatewayBody()
    {
        var (status, body) = await RawAsync(HttpMethod.Post, "/v1/fail", """{"code":5,"message":"Target not found","detailId":"QUERY-hj5oaniyrz"}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(
            "{\"code\":5,\"message\":\"Target not found (QUERY-hj5oaniyrz)\",\"details\":[{\"@type\":\"type.googleapis.com/hookgate.testing.v1.ErrorDetail\",\"id\":\"QUERY-hj5oaniyrz\",\"message\":\"Target not found\"}]}",
            body);
    }

    [Theory]
    [InlineData(3, 400)]
    [InlineData(9, 400)]
    [InlineData(11, 400)]
    [InlineData(16, 401)]
    [InlineData(7, 403)]
    [InlineData(5, 404)]
    [InlineData(6, 409)]
    [InlineData(10, 409)]
    [InlineData(8, 429)]
    [InlineData(1, 499)]
    [InlineData(2, 500)]
    [InlineData(13, 500)]
    [InlineData(15, 500)]
    [InlineData(12, 501)]
    [InlineData(14, 503)]
    [InlineData(4, 504)]
    public async Task HandlerError_MapsStatusCodeToHttpStatus(int code, int httpStatus)
    {
        var (status, body) = await RawAsync(HttpMethod.Post, "/v1/fail", "{\"code\":" + code + ",\"message\":\"m\"}");

        Assert.Equal(httpStatus, (int)status);
        Assert.Equal("{\"code\":" + code + ",\"message\":\"m\",\"details\":[]}", body);
    }

    [Fact]
    public async Task HandlerCrash_IsInternalWithoutLeakingTheExceptionAndIsLogged()
    {
        var (status, body) = await RawAsync(HttpMethod.Post, "/v1/boom", "{}");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("{\"code\":13,\"message\":\"Internal error\",\"details\":[]}", body);
        Assert.Contains(_server.Logs.Events, e => e.EventName == "HandlerFailed");
    }

    [Fact]
    public async Task UnknownPath_Is404NotFound()
    {
        var (status, body) = await RawAsync(HttpMethod.Get, "/v1/nope/at/all");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("{\"code\":5,\"message\":\"Not Found\",\"details\":[]}", body);
    }

    [Fact]
    public async Task KnownPathWrongVerb_Is405MethodNotAllowed()
    {
        var (status, body) = await RawAsync(HttpMethod.Delete, "/v1/items/search");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal("{\"code\":12,\"message\":\"Method Not Allowed\",\"details\":[]}", body);
    }

    [Fact]
    public async Task DeclaredButNotServedMethod_IsUnimplemented()
    {
        var (status, body) = await RawAsync(HttpMethod.Get, "/v1/not-served");

        Assert.Equal(HttpStatusCode.NotImplemented, status);
        Assert.Contains("\"code\":12", body);
    }

    [Fact]
    public async Task SameRoute_WorksOverHttp11AndHttp2OnTheSamePort()
    {
        using var http1 = await _server.Client.SendAsync(Wire.Http(HttpMethod.Get, "/v1/echo/v1", version: HttpVersion.Version11)).DefaultTimeout();
        using var http2 = await _server.Client.SendAsync(Wire.Http(HttpMethod.Get, "/v1/echo/v2", version: HttpVersion.Version20)).DefaultTimeout();

        Assert.Equal(HttpVersion.Version11, http1.Version);
        Assert.Equal(HttpVersion.Version20, http2.Version);
        Assert.Contains("\"id\":\"v1\"", await http1.Content.ReadAsStringAsync().DefaultTimeout());
        Assert.Contains("\"id\":\"v2\"", await http2.Content.ReadAsStringAsync().DefaultTimeout());
    }

    [Fact]
    public async Task Cors_PreflightIsAnsweredAndResponsesEchoTheOrigin()
    {
        using var preflight = Wire.Http(HttpMethod.Options, "/v1/items/search");
        preflight.Headers.Add("Origin", "https://console.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var preflightResponse = await _server.Client.SendAsync(preflight).DefaultTimeout();
        using var call = Wire.Http(HttpMethod.Get, "/v1/echo/x");
        call.Headers.Add("Origin", "https://console.example");
        using var callResponse = await _server.Client.SendAsync(call).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.Equal("https://console.example", Wire.Header(preflightResponse, "Access-Control-Allow-Origin"));
        Assert.Contains("authorization", Wire.Header(preflightResponse, "Access-Control-Allow-Headers"));
        Assert.Equal("https://console.example", Wire.Header(callResponse, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Post_BodyNamingARepeatedField_TakesAJsonArray()
    {
        var (status, reply) = await CallAsync(HttpMethod.Post, "/v1/echo/abc/children", """[{"id":"a"},{"id":"b"}]""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("abc", reply.Request.Id);
        Assert.Equal(["a", "b"], reply.Request.Children.Select(c => c.Id));
        Assert.Equal(HttpStatusCode.BadRequest, (await RawAsync(HttpMethod.Post, "/v1/echo/abc/children", """{"id":"a"}""")).Status);
    }

    [Fact]
    public async Task SuccessStatus_CanBeSetPerMethod()
    {
        await using var server = await EchoServer.StartAsync(new RpcServerOptions
        {
            RestSuccessStatus = method => method.Name == "Echo" ? 201 : 200,
        });

        using var created = await server.Client.SendAsync(Wire.Http(HttpMethod.Post, "/v1/echo", "{}")).DefaultTimeout();
        using var other = await server.Client.SendAsync(Wire.Http(HttpMethod.Post, "/v1/items/search", "{}")).DefaultTimeout();
        using var failed = await server.Client.SendAsync(Wire.Http(HttpMethod.Post, "/v1/echo", "{")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
    }

    private async Task<(HttpStatusCode Status, EchoReply Reply)> CallAsync(HttpMethod method, string path, string? json = null)
    {
        var (status, body) = await RawAsync(method, path, json);
        Assert.True(status == HttpStatusCode.OK, body);
        return (status, (EchoReply)ProtoJson.Parse(Encoding.UTF8.GetBytes(body), EchoReply.Descriptor, ignoreUnknownFields: false));
    }

    private async Task<(HttpStatusCode Status, string Body)> RawAsync(HttpMethod method, string path, string? json = null)
    {
        using var response = await _server.Client.SendAsync(Wire.Http(method, path, json)).DefaultTimeout();
        return (response.StatusCode, await response.Content.ReadAsStringAsync().DefaultTimeout());
    }
}
