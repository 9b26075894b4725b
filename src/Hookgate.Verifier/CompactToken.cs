using System.Buffers.Text;
using System.Text.Json;

namespace Hookgate.Verifier;

/// <summary>A compact JWS or JWE split into its segments, with the protected header parsed.</summary>
internal sealed class CompactToken
{
    // Two "alg" members could make this code and another parser disagree about what was verified.
    private static readonly JsonDocumentOptions HeaderOptions = new() { AllowDuplicateProperties = false };

    private CompactToken(string kind, string[] segments, JsonElement header)
    {
        Kind = kind;
        Segments = segments;
        Header = header;
    }

    public string Kind { get; }

    public string[] Segments { get; }

    public JsonElement Header { get; }

    public static CompactToken Parse(string token, int segmentCount, string kind)
    {
        ArgumentNullException.ThrowIfNull(token);
        var segments = token.Split('.');
        if (segments.Length != segmentCount)
        {
            throw new WebhookVerificationException($"A compact {kind} has {segmentCount} dot-separated parts, this one {segments.Length}.");
        }
        JsonElement header;
        try
        {
            using var document = JsonDocument.Parse(Decode(segments[0], $"{kind} header"), HeaderOptions);
            header = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new WebhookVerificationException($"The {kind} header is not valid JSON.", e);
        }
        if (header.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookVerificationException($"The {kind} header is not a JSON object.");
        }
        // No extension is understood here, and RFC 7515 §4.1.11 requires rejecting tokens that demand one.
        if (header.TryGetProperty("crit", out _))
        {
            throw new WebhookVerificationException($"The {kind} header demands extensions (crit) that are not supported.");
        }
        return new CompactToken(kind, segments, header);
    }

    /// <summary>A string member of the header, or null when absent.</summary>
    public string? HeaderString(string name) => MemberString(Header, name, $"{Kind} header");

    public byte[] DecodeSegment(int index, string what) => Decode(Segments[index], $"{Kind} {what}");

    public static string? MemberString(JsonElement obj, string name, string where)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new WebhookVerificationException($"\"{name}\" in the {where} is not a string.");
    }

    public static byte[] Decode(string segment, string what)
    {
        try
        {
            return Base64Url.DecodeFromChars(segment);
        }
        catch (FormatException e)
        {
            throw new WebhookVerificationException($"The {what} is not valid base64url.", e);
        }
    }
}
