using System.Net;

namespace Hookgate.Runtime.Outbound;

/// <summary>
/// A connection refused by the deny list. The handler reports it as the inner exception of the
/// <see cref="HttpRequestException"/> that <see cref="HttpClient"/> throws; <see cref="FindIn"/> digs it out.
/// The message names the host and the address only: never the path, headers or body, which may hold secrets.
/// </summary>
public sealed class OutboundDeniedException(string host, IPAddress? address)
    : HttpRequestException(HttpRequestError.ConnectionError, Describe(host, address))
{
    public string Host { get; } = host;

    /// <summary>The denied address, or null when the host name itself is listed.</summary>
    public IPAddress? Address { get; } = address;

    public static OutboundDeniedException? FindIn(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is OutboundDeniedException denied)
            {
                return denied;
            }
        }
        return null;
    }

    private static string Describe(string host, IPAddress? address) => address switch
    {
        null => $"The host '{host}' is in the outbound deny list.",
        _ when address.ToString() == host => $"The address {address} is in the outbound deny list.",
        _ => $"The host '{host}' resolves to {address}, which is in the outbound deny list.",
    };
}
