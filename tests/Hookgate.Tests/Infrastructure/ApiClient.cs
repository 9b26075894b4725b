using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Zitadel.V1;

namespace Hookgate.Tests.Infrastructure;

public enum Transport
{
    Rest,
    RestHttp2,
    Grpc,
    GrpcWeb,
    GrpcWebText,
    ConnectJson,
    ConnectProto,
}

/// <summary>The outcome of a call: a response, or the error as the wire carried it.</summary>
public sealed record RpcResult<T>(T? Response, int Code, string Message, ErrorDetail? Detail, int HttpStatus, string RawBody) where T : class, IMessage
{
    public bool Ok => Code == 0;

    public T Value => Response ?? throw new Xunit.Sdk.XunitException($"expected success, got code {Code} (HTTP {HttpStatus}): {Message}");
}

/// <summary>
/// An independent client for the four protocols, driven by the same descriptors: REST builds the URL from the
/// method's google.api.http rule and uses Google.Protobuf's own JSON parser (strict), gRPC frames over HTTP/2.
/// </summary>
public sealed class ApiClient(string baseUrl, Transport transport, string? token) : IDisposable
{
    private static readonly JsonParser StrictJson = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default);

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl), Timeout = Timeouts.Default };

    public Transport Transport { get; } = transport;

    public async Task<RpcResult<T>> CallAsync<T>(MethodDescriptor method, IMessage request) where T : class, IMessage
    {
        using var message = Transport switch
        {
            Transport.Rest or Transport.RestHttp2 => RestRequest(method, request),
            Transport.Grpc or Transport.GrpcWeb or Transport.GrpcWebText => GrpcRequest(method, request),
            _ => ConnectRequest(method, request),
        };
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await _http.SendAsync(message).DefaultTimeout();
        var body = await response.Content.ReadAsByteArrayAsync().DefaultTimeout();
        return Transport switch
        {
            Transport.Rest or Transport.RestHttp2 => RestResult<T>(method, response, body),
            Transport.Grpc or Transport.GrpcWeb or Transport.GrpcWebText => GrpcResult<T>(method, response, body),
            _ => ConnectResult<T>(method, response, body),
        };
    }

    /// <summary>Calls and expects success.</summary>
    public async Task<T> OkAsync<T>(MethodDescriptor method, IMessage request) where T : class, IMessage =>
        (await CallAsync<T>(method, request)).Value;

    private HttpRequestMessage RestRequest(MethodDescriptor method, IMessage request)
    {
        var rule = method.GetOptions().GetExtension(AnnotationsExtensions.Http);
        var (verb, template) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => (HttpMethod.Get, rule.Get),
            HttpRule.PatternOneofCase.Post => (HttpMethod.Post, rule.Post),
            HttpRule.PatternOneofCase.Put => (HttpMethod.Put, rule.Put),
            HttpRule.PatternOneofCase.Delete => (HttpMethod.Delete, rule.Delete),
            HttpRule.PatternOneofCase.Patch => (HttpMethod.Patch, rule.Patch),
            _ => throw new NotSupportedException(),
        };
        var path = new StringBuilder();
        var rest = template.AsSpan();
        while (rest.IndexOf('{') is var open and >= 0)
        {
            path.Append(rest[..open]);
            var close = rest.IndexOf('}');
            var field = method.InputType.FindFieldByName(rest[(open + 1)..close].ToString());
            path.Append(Uri.EscapeDataString(field.Accessor.GetValue(request)?.ToString() ?? ""));
            rest = rest[(close + 1)..];
        }
        path.Append(rest);
        var bound = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in template.Split('{').Skip(1))
        {
            bound.Add(part[..part.IndexOf('}')]);
        }
        if (rule.Body is { Length: > 0 } and not "*")
        {
            bound.Add(rule.Body);
        }
        var query = rule.Body == "*" ? "" : QueryString(request, bound);
        var message = new HttpRequestMessage(verb, path + query);
        if (Transport == Transport.RestHttp2)
        {
            (message.Version, message.VersionPolicy) = (HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact);
        }
        if (rule.Body == "*")
        {
            message.Content = new StringContent(Json.Format(request), Encoding.UTF8, "application/json");
        }
        else if (rule.Body.Length > 0)
        {
            // body: "field" — the body is that field alone: an object, or an array for a repeated field.
            var field = method.InputType.FindFieldByName(rule.Body);
            var value = field.Accessor.GetValue(request);
            var json = value switch
            {
                System.Collections.IList list => "[" + string.Join(",", list.Cast<IMessage>().Select(m => Json.Format(m))) + "]",
                IMessage single => Json.Format(single),
                _ => "",
            };
            message.Content = new StringContent(json, Encoding.UTF8, new System.Net.Http.Headers.MediaTypeHeaderValue("application/json"));
        }
        return message;
    }

    /// <summary>Fields neither in the path nor the body go to the query string (one level of nesting: query.limit=5).</summary>
    private static string QueryString(IMessage request, HashSet<string> bound)
    {
        var pairs = new List<string>();
        void Add(IMessage message, string prefix)
        {
            foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
            {
                if (prefix.Length == 0 && bound.Contains(field.Name) || field.IsRepeated || field.IsMap)
                {
                    continue;
                }
                var present = field.HasPresence ? field.Accessor.HasValue(message) : !Equals(field.Accessor.GetValue(message), DefaultOf(field));
                if (!present)
                {
                    continue;
                }
                var value = field.Accessor.GetValue(message);
                if (value is IMessage nested && field.MessageType.File.Package != "google.protobuf")
                {
                    Add(nested, prefix + field.JsonName + ".");
                }
                else
                {
                    var text = value switch
                    {
                        Enum e => field.EnumType.FindValueByNumber(Convert.ToInt32(e)).Name,
                        bool b => b ? "true" : "false",
                        IMessage wellKnown => Json.Format(wellKnown).Trim('"'),
                        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                    };
                    pairs.Add(Uri.EscapeDataString(prefix + field.JsonName) + "=" + Uri.EscapeDataString(text ?? ""));
                }
            }
        }
        Add(request, "");
        return pairs.Count == 0 ? "" : "?" + string.Join("&", pairs);
    }

    private static object? DefaultOf(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => "",
        FieldType.Bool => false,
        FieldType.Bytes => ByteString.Empty,
        FieldType.Message => null,
        FieldType.Enum => 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => 0,
        FieldType.UInt32 or FieldType.Fixed32 => 0U,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => 0L,
        FieldType.UInt64 or FieldType.Fixed64 => 0UL,
        FieldType.Double => 0d,
        FieldType.Float => 0f,
        _ => null,
    };

    private static RpcResult<T> RestResult<T>(MethodDescriptor method, HttpResponseMessage response, byte[] body) where T : class, IMessage
    {
        var text = Encoding.UTF8.GetString(body);
        if (response.IsSuccessStatusCode)
        {
            return new RpcResult<T>((T)StrictJson.Parse(text, method.OutputType), 0, "", null, (int)response.StatusCode, text);
        }
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        ErrorDetail? detail = null;
        if (root.TryGetProperty("details", out var details) && details.GetArrayLength() > 0)
        {
            var first = details[0];
            detail = new ErrorDetail { Id = first.GetProperty("id").GetString()!, Message = first.GetProperty("message").GetString()! };
            Assert.Equal("type.googleapis.com/zitadel.v1.ErrorDetail", first.GetProperty("@type").GetString());
        }
        return new RpcResult<T>(null, root.GetProperty("code").GetInt32(), root.GetProperty("message").GetString()!, detail, (int)response.StatusCode, text);
    }

    private HttpRequestMessage GrpcRequest(MethodDescriptor method, IMessage request)
    {
        var payload = request.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        var message = new HttpRequestMessage(HttpMethod.Post, $"/{method.Service.FullName}/{method.Name}");
        if (Transport == Transport.Grpc)
        {
            (message.Version, message.VersionPolicy) = (HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact);
            message.Content = new ByteArrayContent(frame);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            message.Headers.TryAddWithoutValidation("te", "trailers");
        }
        else if (Transport == Transport.GrpcWeb)
        {
            message.Content = new ByteArrayContent(frame);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc-web+proto");
        }
        else
        {
            message.Content = new StringContent(Convert.ToBase64String(frame));
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc-web-text");
        }
        return message;
    }

    private RpcResult<T> GrpcResult<T>(MethodDescriptor method, HttpResponseMessage response, byte[] body) where T : class, IMessage
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (Transport == Transport.GrpcWebText)
        {
            body = Convert.FromBase64String(Encoding.ASCII.GetString(body));
        }
        var trailers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.Concat(response.TrailingHeaders))
        {
            trailers[header.Key] = header.Value.First();
        }
        T? message = null;
        var span = body.AsSpan();
        while (span.Length >= 5)
        {
            var flags = span[0];
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(span[1..5]);
            var data = span.Slice(5, length);
            if ((flags & 0x80) != 0)
            {
                foreach (var line in Encoding.ASCII.GetString(data).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
                {
                    var colon = line.IndexOf(':');
                    trailers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }
            else
            {
                message = (T)method.OutputType.Parser.ParseFrom(data.ToArray());
            }
            span = span[(5 + length)..];
        }
        var code = int.Parse(trailers["grpc-status"]);
        var text = Uri.UnescapeDataString(trailers.GetValueOrDefault("grpc-message") ?? "");
        ErrorDetail? detail = null;
        if (trailers.TryGetValue("grpc-status-details-bin", out var details))
        {
            var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(Pad(details)));
            Assert.Equal(code, status.Code);
            detail = status.Details.Select(a => a.Unpack<ErrorDetail>()).FirstOrDefault();
        }
        return new RpcResult<T>(code == 0 ? message : null, code, text, detail, 200, "");
    }

    private HttpRequestMessage ConnectRequest(MethodDescriptor method, IMessage request)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"/{method.Service.FullName}/{method.Name}");
        if (Transport == Transport.ConnectJson)
        {
            message.Content = new StringContent(Json.Format(request), Encoding.UTF8);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        else
        {
            message.Content = new ByteArrayContent(request.ToByteArray());
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/proto");
        }
        message.Headers.Add("Connect-Protocol-Version", "1");
        return message;
    }

    private RpcResult<T> ConnectResult<T>(MethodDescriptor method, HttpResponseMessage response, byte[] body) where T : class, IMessage
    {
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var value = Transport == Transport.ConnectJson
                ? (T)StrictJson.Parse(Encoding.UTF8.GetString(body), method.OutputType)
                : (T)method.OutputType.Parser.ParseFrom(body);
            return new RpcResult<T>(value, 0, "", null, 200, "");
        }
        var text = Encoding.UTF8.GetString(body);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        ErrorDetail? detail = null;
        if (root.TryGetProperty("details", out var details) && details.GetArrayLength() > 0)
        {
            Assert.Equal("zitadel.v1.ErrorDetail", details[0].GetProperty("type").GetString());
            detail = ErrorDetail.Parser.ParseFrom(Convert.FromBase64String(Pad(details[0].GetProperty("value").GetString()!)));
        }
        return new RpcResult<T>(null, ConnectCodes.IndexOf(root.GetProperty("code").GetString()!), root.GetProperty("message").GetString()!, detail, (int)response.StatusCode, text);
    }

    private static readonly List<string> ConnectCodes =
    [
        "ok", "canceled", "unknown", "invalid_argument", "deadline_exceeded", "not_found", "already_exists", "permission_denied",
        "resource_exhausted", "failed_precondition", "aborted", "out_of_range", "unimplemented", "internal", "unavailable", "data_loss", "unauthenticated",
    ];

    private static string Pad(string base64) => base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');

    public void Dispose() => _http.Dispose();
}
