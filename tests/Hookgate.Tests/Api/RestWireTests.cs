using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hookgate.Tests.Infrastructure;

namespace Hookgate.Tests.Api;

/// <summary>REST as a curl user sees it: exact JSON shapes, statuses and the table of bad inputs.</summary>
public sealed class RestWireTests() : ApiTestBase(Transport.Rest)
{
    private HttpClient Http(string? token = "admin")
    {
        var http = new HttpClient { BaseAddress = new Uri(Server.BaseUrl), Timeout = Timeouts.Default };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token == "admin" ? Server.AdminToken : token);
        }
        return http;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Errors_have_zitadels_rest_shape()
    {
        using var http = Http();
        var response = await http.GetAsync("/v2/actions/targets/12345").DefaultTimeout();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            """{"code":5,"message":"Target not found (QUERY-hj5oaniyrz)","details":[{"@type":"type.googleapis.com/zitadel.v1.ErrorDetail","id":"QUERY-hj5oaniyrz","message":"Target not found"}]}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Create_and_get_speak_protojson()
    {
        using var http = Http();
        var create = await http.PostAsync("/v2/actions/targets", Json(
            """{"name":"ip_allow_list","restWebhook":{"interruptOnError":true},"timeout":"10s","endpoint":"https://example.com/hooks/ip_check","payloadType":"PAYLOAD_TYPE_JSON"}""")).DefaultTimeout();
        var created = JsonDocument.Parse(await create.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        Assert.Equal(["id", "creationDate", "signingKey"], created.EnumerateObject().Select(p => p.Name));
        var id = created.GetProperty("id").GetString();

        var get = await http.GetStringAsync($"/v2/actions/targets/{id}").DefaultTimeout();
        var target = JsonDocument.Parse(get).RootElement.GetProperty("target");
        Assert.Equal(["id", "creationDate", "changeDate", "name", "restWebhook", "timeout", "endpoint", "signingKey", "payloadType"], target.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""{"interruptOnError":true}""", target.GetProperty("restWebhook").GetRawText());
        Assert.Equal("10s", target.GetProperty("timeout").GetString());
        Assert.Equal("PAYLOAD_TYPE_JSON", target.GetProperty("payloadType").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3}|\.\d{6}|\.\d{9})?Z$", target.GetProperty("creationDate").GetString());

        var list = JsonDocument.Parse(await (await http.PostAsync("/v2/actions/targets/search", Json("{}")).DefaultTimeout()).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("1", list.GetProperty("pagination").GetProperty("totalResult").GetString());
        Assert.Equal("100", list.GetProperty("pagination").GetProperty("appliedLimit").GetString());

        // Deleting an unknown target succeeds with an empty body.
        var deleted = await http.DeleteAsync("/v2/actions/targets/unknown").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("{}", await deleted.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("POST", "/v2/actions/targets", "{\"name\":", 400, 3)]
    [InlineData("POST", "/v2/actions/targets", "[1,2]", 400, 3)]
    [InlineData("POST", "/v2/actions/targets", "{\"name\":5,\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"https://example.com\"}", 400, 3)]
    [InlineData("POST", "/v2/actions/targets", "{\"name\":\"x\",\"restWebhook\":{},\"timeout\":\"ten\",\"endpoint\":\"https://example.com\"}", 400, 3)]
    [InlineData("POST", "/v2/actions/targets", "{\"name\":\"x\",\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"https://example.com\",\"payloadType\":\"PAYLOAD_TYPE_XML\"}", 400, 3)]
    [InlineData("POST", "/v2/actions/targets", "{\"name\":\"x\",\"restWebhook\":{},\"restCall\":{},\"timeout\":\"10s\",\"endpoint\":\"https://example.com\"}", 400, 3)]
    [InlineData("POST", "/v2/actions/targets", "{\"name\":\"x\",\"restWebhook\":{\"interruptOnError\":\"yes\"},\"timeout\":\"10s\",\"endpoint\":\"https://example.com\"}", 400, 3)]
    [InlineData("POST", "/v2/actions/targets", "{\"name\":\"x\",\"restWebhook\":{},\"timeout\":\"10s\",\"endpoint\":\"https://example.com/\\ud800\"}", 400, 3)]
    [InlineData("POST", "/v2/actions/targets/search", "{\"pagination\":{\"limit\":-1}}", 400, 3)]
    [InlineData("POST", "/v2/actions/targets/search", "{\"pagination\":{\"limit\":1001}}", 400, 3)]
    [InlineData("POST", "/v2/actions/targets/search", "{\"filters\":[{}]}", 400, 3)]
    [InlineData("POST", "/v2/actions/targets/search", "{\"sortingColumn\":\"TARGET_FIELD_NAME_CREATION_DATE\"}", 400, 3)]
    [InlineData("PUT", "/v2/actions/executions", "{\"condition\":{\"request\":{\"all\":false}},\"targets\":[]}", 400, 3)]
    [InlineData("PUT", "/v2/actions/executions", "{\"condition\":{\"request\":{\"method\":1}}}", 400, 3)]
    [InlineData("PUT", "/v2/actions/executions", "{\"targets\":\"abc\"}", 400, 3)]
    [InlineData("POST", "/v2/actions/targets/1/publickeys", "{\"publicKey\":\"not base64!\"}", 400, 3)]
    [InlineData("POST", "/v2/actions/targets/1/publickeys", "{\"publicKey\":\"aGVsbG8=\",\"expirationDate\":\"yesterday\"}", 400, 3)]
    [InlineData("GET", "/v2/actions/nothing-here", null, 404, 5)]
    [InlineData("PATCH", "/v2/actions/targets/1", "{}", 405, 12)]
    public async Task Bad_input_is_a_clear_error_and_writes_nothing(string verb, string path, string? body, int status, int code)
    {
        using var http = Http();
        var before = await CountTargetsAsync(http);
        using var request = new HttpRequestMessage(new HttpMethod(verb), path) { Content = body is null ? null : Json(body) };
        var response = await http.SendAsync(request).DefaultTimeout();
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, (int)response.StatusCode);
        var error = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(before, await CountTargetsAsync(http));
    }

    [Fact]
    public async Task An_oversized_body_is_refused()
    {
        using var http = Http();
        var huge = "{\"name\":\"" + new string('x', 5 * 1024 * 1024) + "\"}";
        var response = await http.PostAsync("/v2/actions/targets", Json(huge)).DefaultTimeout();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(3, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_filter_with_too_many_values_is_refused()
    {
        using var http = Http();
        var ids = string.Join(",", Enumerable.Range(0, 1001).Select(i => $"\"{i}\""));
        var response = await http.PostAsync("/v2/actions/targets/search", Json("{\"filters\":[{\"inTargetIdsFilter\":{\"targetIds\":[" + ids + "]}}]}")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("QUERY-Ln3s9", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        using var http = Http();
        var response = await http.PostAsync("/v2/actions/targets", Json(
            """{"name":"extra","restAsync":{},"timeout":"5s","endpoint":"https://example.com","future":{"field":1}}""")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Missing_or_malformed_authorization_is_401()
    {
        using var none = Http(token: null);
        var response = await none.PostAsync("/v2/actions/targets/search", Json("{}")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(16, error.GetProperty("code").GetInt32());
        Assert.Equal("auth header missing (AUTH-7fs1e)", error.GetProperty("message").GetString());

        using var basic = new HttpClient { BaseAddress = new Uri(Server.BaseUrl) };
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "YWxhZGRpbjpvcGVuc2VzYW1l");
        Assert.Equal(HttpStatusCode.Unauthorized, (await basic.PostAsync("/v2/actions/targets/search", Json("{}")).DefaultTimeout()).StatusCode);
    }

    private static async Task<string> CountTargetsAsync(HttpClient http)
    {
        var list = await http.PostAsync("/v2/actions/targets/search", Json("{}")).DefaultTimeout();
        var pagination = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("pagination");
        return pagination.TryGetProperty("totalResult", out var total) ? total.GetString()! : "0";
    }
}
