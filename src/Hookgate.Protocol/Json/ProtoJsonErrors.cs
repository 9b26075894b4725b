namespace Hookgate.Protocol.Json;

/// <summary>Helpers for error texts that quote request input.</summary>
internal static class ProtoJsonErrors
{
    public static string Truncate(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "...");
}
