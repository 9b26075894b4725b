using Google.Protobuf;
using Google.Protobuf.Reflection;
using Hookgate.Api.V2;
using Hookgate.Api.ResourcesV3Alpha;
using Hookgate.Api.V2Beta;
using Hookgate.Api.V3Alpha;
using Hookgate.Tests.Infrastructure;

namespace Hookgate.Tests.Api;

/// <summary>No token, viewer, org owner and owner against every RPC of both services (reference §2.1).</summary>
public abstract class PermissionMatrixTests(Transport transport) : ApiTestBase(transport)
{
    private static readonly HashSet<string> Catalog = ["ListExecutionFunctions", "ListExecutionMethods", "ListExecutionServices"];

    /// <summary>What a viewer may call: the reads (and, in the first generation, the catalog, which needed execution.read).</summary>
    private static readonly HashSet<string> Reads =
        ["GetTarget", "ListTargets", "ListPublicKeys", "ListExecutions", "GetTargetByID", "SearchTargets", "SearchExecutions", "ListDeliveries", .. Catalog];

    private static readonly Dictionary<string, ServiceDescriptor> Services = new[]
    {
        ActionServiceV2.Service, ActionServiceV2Beta.Service, ActionServiceV3Alpha.Service, ZitadelActionsV3Alpha.Service, Hookgate.Api.Deliveries.DeliveryServiceV1.Service,
    }.ToDictionary(s => s.FullName);

    /// <summary>What any authenticated caller (an org owner too) may call: the catalog, except in the first generation.</summary>
    private static bool AnyAuthenticated(string service, string method) => Catalog.Contains(method) && service != ActionServiceV3Alpha.Service.FullName;

    public static TheoryData<string, string> Methods()
    {
        var data = new TheoryData<string, string>();
        foreach (var service in Services.Values)
        {
            foreach (var method in service.Methods)
            {
                data.Add(service.FullName, method.Name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Every_rpc_checks_the_callers_role(string service, string method)
    {
        var descriptor = Services[service].FindMethodByName(method);
        var request = descriptor.InputType.Parser.ParseFrom(ByteString.Empty);
        // REST needs every path parameter filled to reach the method at all.
        foreach (var field in descriptor.InputType.Fields.InDeclarationOrder().Where(f => f.Name is "id" or "target_id" or "key_id" && f.FieldType == FieldType.String))
        {
            field.Accessor.SetValue(request, "1");
        }

        Assert.Equal(16, (await Call(Client(null), descriptor, request)).Code);
        Assert.Equal(16, (await Call(Client("not-a-token"), descriptor, request)).Code);

        var owner = await Call(Owner, descriptor, request);
        Assert.DoesNotContain(owner.Code, new[] { 7, 16 });

        var viewer = await Call(Viewer, descriptor, request);
        Assert.Equal(Reads.Contains(method), viewer.Code is not (7 or 16));

        var orgOwner = await Call(OrgOwner, descriptor, request);
        Assert.Equal(AnyAuthenticated(service, method), orgOwner.Code is not (7 or 16));
        if (!AnyAuthenticated(service, method))
        {
            Assert.Equal("AUTH-5mWD2", orgOwner.Detail?.Id);
        }
    }

    [Fact]
    public async Task An_expired_token_is_unauthenticated()
    {
        var expiry = DateTimeOffset.UtcNow.AddSeconds(3);
        using var expired = Client(await Server.CreateTokenAsync(Identity.Roles.IamOwner, expiry));
        var method = ActionServiceV2.Service.FindMethodByName("ListTargets");
        var request = new Zitadel.Action.V2.ListTargetsRequest();
        Assert.Equal(0, (await Call(expired, method, request)).Code);
        await Task.Delay(expiry - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        var result = await Call(expired, method, request);
        Assert.Equal(16, result.Code);
        Assert.Equal("AUTH-7fs1e", result.Detail?.Id);
    }

    private static Task<RpcResult<IMessage>> Call(ApiClient client, MethodDescriptor method, IMessage request) =>
        client.CallAsync<IMessage>(method, request);
}

public sealed class PermissionMatrixOverRest() : PermissionMatrixTests(Transport.Rest);

public sealed class PermissionMatrixOverGrpc() : PermissionMatrixTests(Transport.Grpc);
