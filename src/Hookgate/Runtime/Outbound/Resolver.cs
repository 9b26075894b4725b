using System.Net;

namespace Hookgate.Runtime.Outbound;

/// <summary>Resolves a host name; <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> outside tests.</summary>
internal delegate Task<IPAddress[]> Resolver(string host, CancellationToken cancellationToken);
