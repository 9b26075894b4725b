namespace Hookgate.Hosting;
internal static class TemporaryStubs
{
    public static IServiceCollection AddHttp1AndH2cListener(this IServiceCollection s) => s;
    public static void ListenHttp1AndH2c(this Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions k, System.Net.IPEndPoint e) => k.Listen(e);
    public static void MapUnaryService(this WebApplication app, Google.Protobuf.Reflection.ServiceDescriptor s, Func<Google.Protobuf.Reflection.MethodDescriptor, Hookgate.Protocol.UnaryHandler?> h, Hookgate.Protocol.RpcServerOptions o) { foreach (var m in s.Methods) h(m); }
}
