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
        var t = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(signingKey));
        hmac.AppendData(Encoding.ASCII.GetBytes(t + "."));
        hmac.AppendData(body);
        return "t=" + t + ",v1=" + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}
