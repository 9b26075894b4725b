using Hookgate.Protocol.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Primitives;

namespace Hookgate.Protocol.Server;

/// <summary>
/// The endpoints of every MapUnaryService call on one route builder. Routing choice: ASP.NET endpoint routing finds
/// the literal "/pkg.Service/Method" routes (its DFA matcher is as fast as anything hand-written), while REST bindings
/// go through our own precomputed <see cref="RestRouter"/> behind one catch-all per first path segment, because
/// grpc-gateway semantics (verb-first matching, 404/405 bodies, "{x=**}" and ":verb") do not map onto route patterns.
/// </summary>
internal sealed class RpcEndpointDataSource : EndpointDataSource
{
    /// <summary>Below app routes (Order 0) but above MapFallback (int.MaxValue).</summary>
    private const int CatchAllOrder = 1_000_000;

    private readonly Lock _gate = new();
    private readonly List<ServiceRegistration> _services = [];
    private CancellationTokenSource _changeSource = new();
    private IChangeToken _changeToken;
    private List<Endpoint>? _endpoints;

    public RpcEndpointDataSource() => _changeToken = new CancellationChangeToken(_changeSource.Token);

    public override IReadOnlyList<Endpoint> Endpoints
    {
        get
        {
            lock (_gate)
            {
                return _endpoints ??= Build();
            }
        }
    }

    public override IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return _changeToken;
        }
    }

    public void Add(ServiceRegistration service)
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            _services.Add(service);
            _endpoints = null;
            previous = _changeSource;
            _changeSource = new CancellationTokenSource();
            _changeToken = new CancellationChangeToken(_changeSource.Token);
        }

        previous.Cancel();
    }

    private List<Endpoint> Build()
    {
        var endpoints = new List<Endpoint>();
        var router = new RestRouter();
        var prefixOwners = new Dictionary<string, List<ServiceRegistration>>(StringComparer.Ordinal);
        foreach (var service in _services)
        {
            foreach (var method in service.Methods)
            {
                endpoints.Add(Endpoint(service, method.FullMethod, http => RpcCall.HandleMethodAsync(http, method), "gRPC/Connect " + method.FullMethod, 0));
                foreach (var binding in RestBinding.For(method))
                {
                    router.Add(binding);
                    var first = binding.Template.Segments[0];
                    var prefix = first.Kind == SegmentKind.Literal ? "/" + first.Literal + "/{**rest}" : "/{**rest}";
                    if (!prefixOwners.TryGetValue(prefix, out var owners))
                    {
                        prefixOwners[prefix] = owners = [];
                    }

                    if (!owners.Contains(service))
                    {
                        owners.Add(service);
                    }
                }
            }

            endpoints.Add(Endpoint(service, "/" + service.Descriptor.FullName + "/{**rest}", http => RpcCall.HandleUnknownAsync(http, service),
                "gRPC/Connect unknown method of " + service.Descriptor.FullName, 0));
        }

        foreach (var (prefix, owners) in prefixOwners)
        {
            var owner = owners[0];
            var builder = new RouteEndpointBuilder(http => RestCall.HandleAsync(http, router, owner), RoutePatternFactory.Parse(prefix),
                prefix == "/{**rest}" ? CatchAllOrder + 1 : CatchAllOrder)
            {
                DisplayName = "REST " + prefix,
            };
            foreach (var service in owners)
            {
                service.ApplyConventions(builder);
            }

            foreach (var service in owners)
            {
                service.ApplyFinallyConventions(builder);
            }

            endpoints.Add(builder.Build());
        }

        if (_services.Count > 0)
        {
            // Unknown service, gRPC content type: UNIMPLEMENTED. The constraint keeps other traffic away from it.
            var owner = _services[0];
            var pattern = RoutePatternFactory.Parse("/{service}/{method}", defaults: null, parameterPolicies: new { service = new GrpcRequestConstraint() });
            endpoints.Add(new RouteEndpointBuilder(http => RpcCall.HandleUnknownAsync(http, owner), pattern, CatchAllOrder + 2)
            {
                DisplayName = "gRPC unknown service",
            }.Build());
        }

        return endpoints;
    }

    private static Endpoint Endpoint(ServiceRegistration service, string pattern, RequestDelegate handler, string displayName, int order)
    {
        var builder = new RouteEndpointBuilder(handler, RoutePatternFactory.Parse(pattern), order) { DisplayName = displayName };
        service.ApplyConventions(builder);
        service.ApplyFinallyConventions(builder);
        return builder.Build();
    }

    /// <summary>Matches "/pkg.Service/Method" requests with a gRPC or gRPC-Web content type.</summary>
    private sealed class GrpcRequestConstraint : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            httpContext is not null
            && values.TryGetValue(routeKey, out var service) && service is string name && name.Contains('.')
            && ContentKinds.IsGrpcFamily(ContentKinds.Classify(httpContext.Request.ContentType));
    }
}
