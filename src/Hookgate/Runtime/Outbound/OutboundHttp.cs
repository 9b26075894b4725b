using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hookgate.Runtime.Outbound;

/// <summary>
/// The HTTP client for target calls, with the deny list enforced where it cannot be raced: at connect time, on
/// the very addresses the socket connects to, for the first request and for every redirect.
/// </summary>
public static partial class OutboundHttp
{
    /// <summary>
    /// A handler that refuses denied hosts and addresses with an <see cref="OutboundDeniedException"/> (wrapped
    /// by <see cref="HttpClient"/>, see <see cref="OutboundDeniedException.FindIn"/>). Redirects beyond
    /// <see cref="OutboundOptions.MaxRedirects"/>, and from HTTPS to HTTP, are not followed: the 3xx response is
    /// returned as the final one, which a target call treats as a failure (non-2xx).
    /// HTTP/3 (QUIC) bypasses <see cref="SocketsHttpHandler.ConnectCallback"/>: never send requests with version
    /// 3.0 or <see cref="HttpVersionPolicy.RequestVersionOrHigher"/> through it.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(DenyList denyList, OutboundOptions options, ILogger? logger = null) =>
        CreateHandler(denyList, options, logger, Dns.GetHostAddressesAsync);

    /// <summary>
    /// An <see cref="HttpClient"/> over <see cref="CreateHandler(DenyList, OutboundOptions, ILogger?)"/> with the
    /// client timeout, the body cap for buffered reads, and HTTP/2 at most.
    /// </summary>
    public static HttpClient CreateClient(DenyList denyList, OutboundOptions options, ILogger? logger = null) =>
        new(CreateHandler(denyList, options, logger))
        {
            Timeout = options.ClientTimeout,
            MaxResponseContentBufferSize = Math.Min(options.MaxResponseBytes, int.MaxValue),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

    internal static SocketsHttpHandler CreateHandler(DenyList denyList, OutboundOptions options, ILogger? logger, Resolver resolve)
    {
        options.Validate();
        var log = logger ?? NullLogger.Instance;
        return new SocketsHttpHandler
        {
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, denyList, resolve, log, ct),
            ConnectTimeout = options.ClientTimeout,
            // Pooled connections keep their address; recycling them lets DNS changes take effect.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AllowAutoRedirect = options.MaxRedirects > 0,
            MaxAutomaticRedirections = Math.Max(options.MaxRedirects, 1),
            // As Go's transport, which ZITADEL calls targets with: "Accept-Encoding: gzip", decompressed on the way in.
            AutomaticDecompression = DecompressionMethods.GZip,
            UseCookies = false,
            UseProxy = false,
        };
    }

    /// <summary>
    /// Reads the (decompressed) body, failing with an <see cref="HttpRequestException"/> of
    /// <see cref="HttpRequestError.ConfigurationLimitExceeded"/> once it exceeds <paramref name="maxBytes"/>.
    /// For responses read with <see cref="HttpCompletionOption.ResponseHeadersRead"/>.
    /// </summary>
    public static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
                body.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return body.ToArray();
    }

    private static HttpRequestException TooLarge(long maxBytes) =>
        new(HttpRequestError.ConfigurationLimitExceeded, $"The response body exceeds the limit of {maxBytes} bytes.");

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, DenyList denyList, Resolver resolve, ILogger logger, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.StartsWith('[') ? endpoint.Host[1..^1] : endpoint.Host;
        var isLiteral = IPAddress.TryParse(host, out var literal);
        if (!isLiteral && denyList.IsDeniedHost(host))
        {
            LogHostDenied(logger, host);
            throw new OutboundDeniedException(host, null);
        }
        var addresses = isLiteral ? [literal!] : await resolve(host, cancellationToken);
        // All or nothing: with a name that resolves to both a public and a denied address, connecting to the
        // allowed one would leave the choice, and the next attempt, to whoever controls the DNS.
        foreach (var candidate in addresses)
        {
            if (denyList.IsDenied(candidate))
            {
                LogAddressDenied(logger, host, candidate);
                throw new OutboundDeniedException(host, candidate);
            }
        }
        Exception? failure = null;
        foreach (var candidate in addresses)
        {
            var socket = new Socket(candidate.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(candidate, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                LogConnectFailed(logger, host, candidate, e);
                failure = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        ExceptionDispatchInfo.Throw(failure ?? new SocketException((int)SocketError.HostNotFound));
        return null;
    }

    [LoggerMessage(EventId = 1, EventName = "OutboundHostDenied", Level = LogLevel.Warning, Message = "Refused to connect to {Host}: the host is in the outbound deny list")]
    private static partial void LogHostDenied(ILogger logger, string host);

    [LoggerMessage(EventId = 2, EventName = "OutboundAddressDenied", Level = LogLevel.Warning, Message = "Refused to connect to {Host}: its address {Address} is in the outbound deny list")]
    private static partial void LogAddressDenied(ILogger logger, string host, IPAddress address);

    [LoggerMessage(EventId = 3, EventName = "OutboundConnectFailed", Level = LogLevel.Debug, Message = "Connecting to {Host} at {Address} failed")]
    private static partial void LogConnectFailed(ILogger logger, string host, IPAddress address, Exception exception);
}
