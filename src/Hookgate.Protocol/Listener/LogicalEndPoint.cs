using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Hookgate.Protocol.Listener;

/// <summary>One of the two endpoints Kestrel listens on for a shared socket (one HTTP/1.1, one HTTP/2).</summary>
internal sealed class LogicalEndPoint : EndPoint
{
    public LogicalEndPoint(Http1AndH2cEndpoint shared, HttpProtocols protocols)
    {
        Shared = shared;
        Protocols = protocols;
    }

    public Http1AndH2cEndpoint Shared { get; }

    public HttpProtocols Protocols { get; }

    /// <summary>Kestrel shows this in "Now listening on: http://..." and in IServerAddressesFeature.</summary>
    public override string ToString() => (Shared.BoundEndPoint ?? Shared.RequestedEndPoint).ToString();
}
