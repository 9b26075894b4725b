using System.Buffers;
using Google.Protobuf;
using Hookgate.Identity;
using Hookgate.Protocol;
using Microsoft.AspNetCore.Http;

namespace Hookgate.Runtime;

/// <summary>
/// The body a target receives for a request or response execution, byte for byte as ZITADEL sends it:
/// {"fullMethod","instanceID","orgID","projectID","userID","request","response","headers"} in this order,
/// empty ones left out, messages in compact protojson, and only the forwarded headers.
/// </summary>
public static class ContextInfo
{
    /// <summary>The incoming headers ZITADEL forwards (headersToForward), in Go's map order, canonically spelled.</summary>
    private static readonly string[] ForwardedHeaders = ["Content-Type", "Host", "Origin", "X-Forwarded-For", "X-Forwarded-Host"];

    public static byte[] ForCall(string fullMethod, Caller caller, IMessage request, IMessage? response, IHeaderDictionary headers)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var json = new GoJson(buffer);
        json.BeginObject();
        Optional(json, "fullMethod", fullMethod);
        Optional(json, "instanceID", caller.InstanceId);
        Optional(json, "orgID", caller.OrgId);
        Optional(json, "userID", caller.UserId);
        json.Property("request");
        json.RawValue(Encoding(request));
        if (response is not null)
        {
            json.Property("response");
            json.RawValue(Encoding(response));
        }
        var forwarded = false;
        foreach (var name in ForwardedHeaders)
        {
            if (!headers.TryGetValue(name, out var values) || values.Count == 0)
            {
                continue;
            }
            if (!forwarded)
            {
                json.Property("headers");
                json.BeginObject();
                forwarded = true;
            }
            json.Property(name);
            json.StringArray(values);
        }
        if (forwarded)
        {
            json.EndObject();
        }
        json.EndObject();
        return buffer.WrittenSpan.ToArray();
    }

    private static void Optional(GoJson json, string name, string value)
    {
        if (value.Length > 0)
        {
            json.Property(name);
            json.StringValue(value);
        }
    }

    private static ReadOnlySpan<byte> Encoding(IMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        ProtoJson.Write(message, buffer);
        return buffer.WrittenSpan;
    }
}
