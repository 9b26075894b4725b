using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hookgate.Runtime.Jose;

/// <summary>The ZITADEL-Signature header (pkg/actions/signing.go), sent in every payload mode when the target has a signing key.</summary>
internal static class Signature
{
    public const string HeaderName = "ZITADEL-Signature";

    /// <summary><c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(key, "&lt;t&gt;." + body)&gt;</c>, over the exact bytes sent.</summary>
    public static string Header(ReadOnlySpan<byte> body, string signingKey, DateTimeOffset now)
    {
        // One-shot HMAC over one buffer: it runs on every target call, and a keyed incremental hash costs several
        // times as much to set up as to compute.
        var t = now.ToUnixTimeSeconds();
        var signed = ArrayPool<byte>.Shared.Rent(21 + body.Length);
        try
        {
            t.TryFormat(signed, out var digits, default, CultureInfo.InvariantCulture);
            signed[digits] = (byte)'.';
            body.CopyTo(signed.AsSpan(digits + 1));
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), signed.AsSpan(0, digits + 1 + body.Length), mac);
            return string.Create(CultureInfo.InvariantCulture, $"t={t},v1={Convert.ToHexStringLower(mac)}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(signed);
        }
    }
}
