namespace Hookgate.Runtime.Outbound;

/// <summary>
/// Settings of the HTTP client that calls targets. The limits mirror ZITADEL's <c>HTTPClient</c> defaults
/// (30 s, 20 MiB, 5 redirects). Deny list entries are host names, IPv4/IPv6 addresses or CIDR networks.
/// </summary>
public sealed record OutboundOptions
{
    // Link-local and cloud metadata endpoints: what an SSRF is usually after. Never useful as a webhook target.
    private static readonly string[] MetadataEntries =
    [
        "169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32",
        "metadata.google.internal", "metadata.goog", "0.0.0.0/8", "::/128",
    ];

    // ZITADEL's default (cmd/defaults.yaml, HTTPClient.DenyList).
    private static readonly string[] ZitadelEntries =
    [
        "localhost", "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.168.0.0/16", "198.18.0.0/15", "::/128", "::1/128", "fc00::/7", "fe80::/10",
    ];

    /// <summary>
    /// Denies link-local and cloud metadata addresses only. Loopback and private networks stay reachable, so
    /// targets on localhost or in the same cluster work out of the box (ZITADEL issue #12326).
    /// </summary>
    public static OutboundOptions Default { get; } = new();

    /// <summary>ZITADEL's full default deny list (loopback and all private ranges) plus the metadata entries.</summary>
    public static OutboundOptions ZitadelDefault { get; } = new() { DenyList = [.. ZitadelEntries.Union(MetadataEntries)] };

    public IReadOnlyList<string> DenyList { get; init; } = MetadataEntries;

    /// <summary>Bounds a whole call, redirects included, on top of the target's own timeout.</summary>
    public TimeSpan ClientTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public long MaxResponseBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>0 means redirects are not followed: the 3xx response is the final one.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>
    /// Options with the given comma-separated deny list and default limits. Empty entries are skipped, so an
    /// empty string denies nothing; an invalid entry throws an <see cref="ArgumentException"/> naming it.
    /// </summary>
    public static OutboundOptions Parse(string commaSeparated)
    {
        var entries = commaSeparated.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var entry in entries)
        {
            DenyListEntry.Parse(entry);
        }
        return new() { DenyList = entries };
    }

    /// <summary>Throws for limits that are not finite and positive: a security limit has no "unlimited".</summary>
    public void Validate()
    {
        if (ClientTimeout <= TimeSpan.Zero) // Timeout.InfiniteTimeSpan is negative
        {
            throw new ArgumentOutOfRangeException(nameof(ClientTimeout), ClientTimeout, "The client timeout must be positive and finite.");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxResponseBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRedirects);
        foreach (var entry in DenyList)
        {
            DenyListEntry.Parse(entry);
        }
    }
}
