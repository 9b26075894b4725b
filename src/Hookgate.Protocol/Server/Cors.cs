using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hookgate.Protocol.Server;

/// <summary>Permissive CORS for browser gRPC-Web/Connect/REST clients: echo the Origin, allow the protocol headers.</summary>
internal static class Cors
{
    private const string AllowHeaders =
        "authorization, content-type, x-grpc-web, x-user-agent, grpc-timeout, connect-protocol-version, connect-timeout-ms, " +
        "connect-accept-encoding, connect-content-encoding, grpc-accept-encoding, grpc-encoding, x-zitadel-orgid";

    private const string ExposeHeaders = "grpc-status, grpc-message, grpc-status-details-bin, grpc-encoding, connect-content-encoding";

    private const string AllowMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

    /// <summary>Answers a preflight (204) for a route we serve.</summary>
    public static Task WritePreflightAsync(HttpContext http)
    {
        var response = http.Response;
        var headers = response.Headers;
        var origin = http.Request.Headers.Origin;
        headers.AccessControlAllowOrigin = origin.Count > 0 ? origin : (Microsoft.Extensions.Primitives.StringValues)"*";
        headers.Vary = HeaderNames.Origin;
        headers.AccessControlAllowCredentials = "true";
        headers.AccessControlAllowMethods = AllowMethods;
        var requested = http.Request.Headers.AccessControlRequestHeaders;
        headers.AccessControlAllowHeaders = requested.Count > 0 ? AllowHeaders + ", " + requested.ToString() : AllowHeaders;
        headers.AccessControlExposeHeaders = ExposeHeaders;
        headers.AccessControlMaxAge = "86400";
        response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>Adds the CORS response headers when the request carries an Origin.</summary>
    public static void AddResponseHeaders(HttpContext http)
    {
        var origin = http.Request.Headers.Origin;
        if (origin.Count == 0)
        {
            return;
        }

        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.Vary = HeaderNames.Origin;
        headers.AccessControlAllowCredentials = "true";
        headers.AccessControlExposeHeaders = ExposeHeaders;
    }
}
