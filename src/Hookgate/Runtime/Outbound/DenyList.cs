using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;

namespace Hookgate.Runtime.Outbound;

/// <summary>
/// The parsed, immutable deny list: <c>new DenyList(options.DenyList)</c>. Host names match exactly
/// (case-insensitive, trailing dot ignored, no subdomains, as in ZITADEL); addresses match the listed networks,
/// and an IPv4-mapped IPv6 address (::ffff:10.0.0.1) also matches the IPv4 networks.
/// </summary>
public sealed class DenyList
{
    private readonly FrozenSet<string> _hosts;
    private readonly IPNetwork[] _networks;

    /// <exception cref="ArgumentException">An entry is not a host name, an IP address or a CIDR network.</exception>
    public DenyList(IEnumerable<string> entries)
    {
        var parsed = entries.Select(DenyListEntry.Parse).ToList();
        _hosts = parsed.Where(e => e.Host is not null).Select(e => e.Host!).ToFrozenSet(StringComparer.Ordinal);
        _networks = [.. parsed.Where(e => e.Host is null).Select(e => e.Network).Distinct()];
    }

    public static DenyList Empty { get; } = new([]);

    public bool IsDenied(IPAddress address)
    {
        // Sockets connect to the IPv4 address inside a mapped one, so it must not slip past the IPv4 entries.
        var v4 = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : null;
        foreach (var network in _networks)
        {
            if (network.Contains(address) || (v4 is not null && network.Contains(v4)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Checks a host as written in a URL: a name against the listed names, an IP literal as an address.</summary>
    public bool IsDeniedHost(string host)
    {
        var name = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(name, out var address))
        {
            return IsDenied(address);
        }
        return DenyListEntry.NormalizeHost(name) is { } normalized && _hosts.Contains(normalized);
    }

    /// <summary>
    /// The save-time check of a target endpoint: its host name or address literal, then every address the name
    /// resolves to. This is advice for the user; the connect-time check in <see cref="OutboundHttp"/> is the
    /// enforcement, since DNS answers change.
    /// </summary>
    public Task<EndpointCheck> IsDeniedAsync(Uri endpoint, CancellationToken cancellationToken) =>
        IsDeniedAsync(endpoint, Dns.GetHostAddressesAsync, cancellationToken);

    /// <summary>
    /// How long saving a target waits for DNS. A lost packet costs a resolver its 5 s retry, and .NET queues
    /// lookups of one name behind each other, so without a bound every save naming that host would wait with it.
    /// A name that does not answer in time counts as not resolvable yet: accepted, and checked when called.
    /// </summary>
    public static readonly TimeSpan SaveTimeResolveTimeout = TimeSpan.FromSeconds(1);

    internal Task<EndpointCheck> IsDeniedAsync(Uri endpoint, Resolver resolve, CancellationToken cancellationToken) =>
        IsDeniedAsync(endpoint, resolve, SaveTimeResolveTimeout, cancellationToken);

    internal async Task<EndpointCheck> IsDeniedAsync(Uri endpoint, Resolver resolve, TimeSpan resolveTimeout, CancellationToken cancellationToken)
    {
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("The endpoint must be an absolute URI.", nameof(endpoint));
        }
        var host = endpoint.IdnHost;
        if (host.Length == 0)
        {
            return EndpointCheck.Unresolvable;
        }
        if (IsDeniedHost(host))
        {
            return EndpointCheck.DeniedHost;
        }
        if (endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return EndpointCheck.Allowed;
        }
        IPAddress[] addresses;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(resolveTimeout);
        try
        {
            addresses = await resolve(host, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (Exception e) when (e is SocketException or ArgumentException
            || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return EndpointCheck.Unresolvable;
        }
        return addresses.Length == 0 ? EndpointCheck.Unresolvable
            : addresses.Any(IsDenied) ? EndpointCheck.DeniedHost
            : EndpointCheck.Allowed;
    }
}
