using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Api.V2;
using Hookgate.Identity;
using Hookgate.Tests.Infrastructure;
using Zitadel.Action.V2;

namespace Hookgate.Tests.Api;

/// <summary>A real node per test class, an admin client and clients for the other roles, on one transport.</summary>
public abstract class ApiTestBase(Transport transport, StorageProvider storage = StorageProvider.Sqlite) : IAsyncLifetime
{
    protected TestServer Server { get; private set; } = null!;
    protected ApiClient Owner { get; private set; } = null!;
    protected ApiClient OrgOwner { get; private set; } = null!;
    protected ApiClient Viewer { get; private set; } = null!;
    protected Transport Transport { get; } = transport;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(storage);
        Owner = Client(Server.AdminToken);
        OrgOwner = Client(await Server.CreateTokenAsync(Roles.OrgOwner));
        Viewer = Client(await Server.CreateTokenAsync(Roles.IamOwnerViewer));
    }

    public async Task DisposeAsync()
    {
        Owner.Dispose();
        OrgOwner.Dispose();
        Viewer.Dispose();
        await Server.DisposeAsync();
    }

    protected ApiClient Client(string? token, Transport? over = null) => new(Server.BaseUrl, over ?? Transport, token);

    protected static MethodDescriptor M(string name) => ActionServiceV2.Service.FindMethodByName(name) ?? throw new ArgumentException(name);

    /// <summary>A method of the first v3alpha generation (zitadel.action.v3alpha.ActionService).</summary>
    protected static MethodDescriptor M1(string name) => Hookgate.Api.V3Alpha.ActionServiceV3Alpha.Service.FindMethodByName(name) ?? throw new ArgumentException(name);

    /// <summary>A method of the second v3alpha generation (zitadel.resources.action.v3alpha.ZITADELActions).</summary>
    protected static MethodDescriptor M2(string name) => Hookgate.Api.ResourcesV3Alpha.ZitadelActionsV3Alpha.Service.FindMethodByName(name) ?? throw new ArgumentException(name);

    protected Task<RpcResult<T>> Call<T>(ApiClient client, MethodDescriptor method, IMessage request) where T : class, IMessage =>
        client.CallAsync<T>(method, request);

    protected static Duration Seconds(int s) => Duration.FromTimeSpan(TimeSpan.FromSeconds(s));

    protected async Task<CreateTargetResponse> CreateTargetAsync(string? name = null, string endpoint = "https://example.com", string type = "webhook",
        bool interrupt = false, PayloadType payload = PayloadType.Json)
    {
        var request = new CreateTargetRequest { Name = name ?? "target-" + Guid.NewGuid().ToString("N")[..10], Endpoint = endpoint, Timeout = Seconds(5), PayloadType = payload };
        switch (type)
        {
            case "webhook": request.RestWebhook = new RESTWebhook { InterruptOnError = interrupt }; break;
            case "call": request.RestCall = new RESTCall { InterruptOnError = interrupt }; break;
            default: request.RestAsync = new RESTAsync(); break;
        }
        return await Owner.OkAsync<CreateTargetResponse>(M("CreateTarget"), request);
    }

    protected Task<RpcResult<T>> As<T>(ApiClient client, string method, IMessage request) where T : class, IMessage =>
        client.CallAsync<T>(M(method), request);

    /// <summary>Asserts a timestamp lies within [before, after] (the call's window).</summary>
    protected static void Within(Timestamp? actual, DateTimeOffset before, DateTimeOffset after)
    {
        Assert.NotNull(actual);
        var value = actual.ToDateTimeOffset();
        Assert.InRange(value, before.AddMilliseconds(-1), after.AddMilliseconds(1));
    }

    /// <summary>
    /// An empty ID that is a REST path parameter leaves an empty path segment, which no route matches: NotFound
    /// over REST (as ZITADEL's gateway), InvalidArgument where the message carries it.
    /// </summary>
    protected int EmptyPathParameterCode => Transport is Transport.Rest or Transport.RestHttp2 ? 5 : 3;

    protected static void AssertError<T>(RpcResult<T> result, int code, string? id = null) where T : class, IMessage
    {
        Assert.False(result.Ok, $"expected error {code}, got success");
        Assert.Equal(code, result.Code);
        if (id is not null)
        {
            Assert.Equal(id, result.Detail?.Id);
            Assert.EndsWith($"({id})", result.Message);
        }
    }
}
