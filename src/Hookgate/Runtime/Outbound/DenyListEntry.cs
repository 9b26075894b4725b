using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hookgate.Runtime.Outbound;

/// <summary>One parsed deny list entry: a host name, or a network (a single address is a /32 or /128 network).</summary>
internal readonly record struct DenyListEntry(string? Host, IPNetwork Network)
{
    public static DenyListEntry Parse(string entry)
    {
        var text = entry.Trim();
        if (text.Length == 0)
        {
            throw Invalid(entry, "it is empty");
        }
        var slash = text.IndexOf('/');
        var address = slash < 0 ? text : text[..slash];
        if (address.Contains(':') || address.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return new(null, ParseNetwork(entry, address, slash < 0 ? null : text[(slash + 1)..]));
        }
        if (slash >= 0)
        {
            throw Invalid(entry, "a host name has no prefix length");
        }
        if (text.Contains('*'))
        {
            throw Invalid(entry, "wildcards are not supported; list each host name");
        }
        return NormalizeHost(text) is { } host && Uri.CheckHostName(host) == UriHostNameType.Dns
            ? new(host, default)
            : throw Invalid(entry, "it is neither a host name, an IP address nor a CIDR network");
    }

    /// <summary>Lower case, ASCII (punycode) and without the trailing dot, as <see cref="Uri.IdnHost"/> gives it.</summary>
    public static string? NormalizeHost(string host)
    {
        var name = host.TrimEnd('.');
        try
        {
            return (name.All(char.IsAscii) ? name : new IdnMapping().GetAscii(name)).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static IPNetwork ParseNetwork(string entry, string address, string? prefix)
    {
        // Strict on purpose: IPAddress.Parse also takes "10", "10.1" or octal "010.0.0.1", which in a deny
        // list are far more likely typos than intent.
        var isV4 = !address.Contains(':');
        if ((isV4 && !IsDottedQuad(address)) || address.Contains('%') || !IPAddress.TryParse(address, out var ip))
        {
            throw Invalid(entry, isV4 ? "it is not a dotted-quad IPv4 address" : "it is not a valid IPv6 address");
        }
        var bits = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = bits;
        if (prefix is not null && (!int.TryParse(prefix, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > bits))
        {
            throw Invalid(entry, $"the prefix length must be a number from 0 to {bits}");
        }
        // ::ffff:a.b.c.d/96+ is an IPv4 network in disguise; match it as one.
        if (ip.IsIPv4MappedToIPv6 && length >= 96)
        {
            (ip, length) = (ip.MapToIPv4(), length - 96);
        }
        // Like Go's net.ParseCIDR (what ZITADEL uses), 10.1.2.3/8 means 10.0.0.0/8.
        var bytes = ip.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] &= (byte)(0xFF << (8 - Math.Clamp(length - (i * 8), 0, 8)));
        }
        return new IPNetwork(new IPAddress(bytes), length);
    }

    private static bool IsDottedQuad(string address)
    {
        var parts = address.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && (p.Length == 1 || p[0] != '0') && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    private static ArgumentException Invalid(string entry, string reason) =>
        new($"Invalid deny list entry '{entry}': {reason}.");
}
