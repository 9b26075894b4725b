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

    // Scratch space reused by each thread (ForCall never awaits): the body's only allocation is its final array.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_body;
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_message;
    private const int MaxRetainedScratch = 64 * 1024;

    public static byte[] ForCall(string fullMethod, Caller caller, IMessage request, IMessage? response, IHeaderDictionary headers)
    {
        var buffer = t_body ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
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
        var body = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > MaxRetainedScratch || t_message?.Capacity > MaxRetainedScratch)
        {
            (t_body, t_message) = (null, null);
        }
        return body;
    }

    private static void Optional(GoJson json, string name, string value)
    {
        if (value.Length > 0)
        {
            json.Property(name);
            json.StringValue(value);
        }
    }

    /// <summary>The message's protojson, valid until the next call on this thread.</summary>
    private static ReadOnlySpan<byte> Encoding(IMessage message)
    {
        var buffer = t_message ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        ProtoJson.Write(message, buffer);
        return buffer.WrittenSpan;
    }
}
