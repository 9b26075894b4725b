using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hookgate.Verifier;

/// <summary>
/// Checks the <c>ZITADEL-Signature</c> header, <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;[,v1=...]</c>,
/// with the rules of ZITADEL's <c>ValidatePayloadWithTolerance</c>.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header ZITADEL sends. (Its proto comments say X-ZITADEL-Signature; the code sends this.)</summary>
    public const string HeaderName = "ZITADEL-Signature";

    /// <summary>ZITADEL's <c>DefaultTolerance</c>: five minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    // The range DateTimeOffset can represent; anything outside is not a timestamp ZITADEL sent.
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>True when the header is fresh and one of its v1 signatures is the HMAC of the body under one of the keys.</summary>
    /// <param name="header">The header value; null or empty fails.</param>
    /// <param name="body">The raw request body, exactly as received (for JWT/JWE payloads, the token text).</param>
    /// <param name="signingKeys">The target's signing key, or the old and the new key during a rotation.</param>
    /// <param name="now">The current time.</param>
    /// <param name="tolerance">How far the timestamp may lie in the past or the future; <see cref="DefaultTolerance"/> when null.</param>
    public static bool Verify(string? header, ReadOnlySpan<byte> body, IEnumerable<string> signingKeys, DateTimeOffset now, TimeSpan? tolerance = null) =>
        Check(header, body, signingKeys, now, tolerance) is null;

    /// <summary>As <see cref="Verify"/>, but throws with the reason instead of returning false.</summary>
    /// <exception cref="WebhookVerificationException">The header is missing or malformed, too old or too new, or no signature matches.</exception>
    public static void VerifyOrThrow(string? header, ReadOnlySpan<byte> body, IEnumerable<string> signingKeys, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (Check(header, body, signingKeys, now, tolerance) is { } failure)
        {
            throw new WebhookVerificationException(failure);
        }
    }

    private static string? Check(string? header, ReadOnlySpan<byte> body, IEnumerable<string> signingKeys, DateTimeOffset now, TimeSpan? tolerance)
    {
        ArgumentNullException.ThrowIfNull(signingKeys);
        var keys = signingKeys.ToArray();
        if (keys.Length == 0 || keys.Any(string.IsNullOrEmpty))
        {
            // An empty key would make the HMAC guessable; both are configuration bugs, not bad requests.
            throw new ArgumentException("At least one signing key is required, and none may be empty.", nameof(signingKeys));
        }
        var limit = tolerance ?? DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.Zero, nameof(tolerance));
        if (string.IsNullOrEmpty(header))
        {
            return $"The {HeaderName} header is missing or empty.";
        }

        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var pair in header.Split(','))
        {
            var parts = pair.Split('=');
            if (parts.Length != 2)
            {
                return $"The {HeaderName} header part \"{pair}\" is not a key=value pair.";
            }
            switch (parts[0].Trim())
            {
                case "t":
                    if (!long.TryParse(parts[1].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t)
                        || t is < MinUnixSeconds or > MaxUnixSeconds)
                    {
                        return $"The {HeaderName} timestamp \"{parts[1]}\" is not a unix time in seconds.";
                    }
                    timestamp = t;
                    break;
                case "v1":
                    // As in ZITADEL, a v1 that is not hex is skipped, not fatal: another v1 may still match.
                    if (FromHex(parts[1].Trim()) is { } signature)
                    {
                        signatures.Add(signature);
                    }
                    break;
            }
        }
        if (timestamp is null)
        {
            return $"The {HeaderName} header has no timestamp (t=...).";
        }
        if (signatures.Count == 0)
        {
            return $"The {HeaderName} header has no hex v1 signature.";
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp.Value);
        if (age > limit)
        {
            return $"The signature is too old: made {(long)age.TotalSeconds} s ago, the tolerance is {(long)limit.TotalSeconds} s.";
        }
        if (-age > limit)
        {
            return $"The signature timestamp lies {(long)(-age).TotalSeconds} s in the future, beyond the tolerance of {(long)limit.TotalSeconds} s.";
        }

        foreach (var key in keys)
        {
            var expected = Compute(key, timestamp.Value, body);
            foreach (var signature in signatures)
            {
                if (CryptographicOperations.FixedTimeEquals(expected, signature))
                {
                    return null;
                }
            }
        }
        return $"No v1 signature matches the body under the given signing key{(keys.Length == 1 ? "" : "s")}.";
    }

    private static byte[] Compute(string key, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(key));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static byte[]? FromHex(string hex)
    {
        var bytes = new byte[hex.Length / 2];
        return hex.Length % 2 == 0 && Convert.FromHexString(hex, bytes, out _, out _) == OperationStatus.Done ? bytes : null;
    }
}
