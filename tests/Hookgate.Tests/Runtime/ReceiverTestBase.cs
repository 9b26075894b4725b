using Hookgate.Tests.Api;
using Hookgate.Tests.Infrastructure;

namespace Hookgate.Tests.Runtime;

/// <summary>An API test class with a target receiver on loopback, started after the server and stopped before it.</summary>
public abstract class ReceiverTestBase(Transport transport) : ApiTestBase(transport), IAsyncLifetime
{
    /// <summary>The method the runtime tests put their executions on.</summary>
    public const string GetTargetMethod = "/zitadel.action.v2.ActionService/GetTarget";

    protected TargetReceiver Receiver { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Receiver = await TargetReceiver.StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await DisposeAsync();
    }
}
