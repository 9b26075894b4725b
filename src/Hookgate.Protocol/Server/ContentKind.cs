namespace Hookgate.Protocol.Server;

/// <summary>What a request's Content-Type says about the wire protocol.</summary>
internal enum ContentKind
{
    None,
    Grpc,
    GrpcWeb,
    GrpcWebText,
    ConnectJson,
    ConnectProto,

    /// <summary>application/grpc+json and friends: a gRPC family member with a codec we do not serve.</summary>
    GrpcUnsupportedCodec,
    Unsupported,
}

internal static class ContentKinds
{
    public static ContentKind Classify(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return ContentKind.None;
        }

        var media = contentType.AsSpan();
        var semicolon = media.IndexOf(';');
        if (semicolon >= 0)
        {
            media = media[..semicolon];
        }

        media = media.Trim();
        if (!media.StartsWith("application/", StringComparison.OrdinalIgnoreCase))
        {
            return ContentKind.Unsupported;
        }

        var sub = media["application/".Length..];
        if (sub.Equals("grpc", StringComparison.OrdinalIgnoreCase) || sub.Equals("grpc+proto", StringComparison.OrdinalIgnoreCase))
        {
            return ContentKind.Grpc;
        }

        if (sub.Equals("grpc-web", StringComparison.OrdinalIgnoreCase) || sub.Equals("grpc-web+proto", StringComparison.OrdinalIgnoreCase))
        {
            return ContentKind.GrpcWeb;
        }

        if (sub.Equals("grpc-web-text", StringComparison.OrdinalIgnoreCase) || sub.Equals("grpc-web-text+proto", StringComparison.OrdinalIgnoreCase))
        {
            return ContentKind.GrpcWebText;
        }

        if (sub.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            return ContentKind.ConnectJson;
        }

        if (sub.Equals("proto", StringComparison.OrdinalIgnoreCase))
        {
            return ContentKind.ConnectProto;
        }

        return sub.StartsWith("grpc", StringComparison.OrdinalIgnoreCase) ? ContentKind.GrpcUnsupportedCodec : ContentKind.Unsupported;
    }

    public static bool IsGrpcFamily(ContentKind kind) =>
        kind is ContentKind.Grpc or ContentKind.GrpcWeb or ContentKind.GrpcWebText or ContentKind.GrpcUnsupportedCodec;

    public static WireProtocol ToProtocol(ContentKind kind) => kind switch
    {
        ContentKind.Grpc or ContentKind.GrpcUnsupportedCodec => WireProtocol.Grpc,
        ContentKind.GrpcWeb => WireProtocol.GrpcWeb,
        ContentKind.GrpcWebText => WireProtocol.GrpcWebText,
        ContentKind.ConnectJson => WireProtocol.ConnectJson,
        ContentKind.ConnectProto => WireProtocol.ConnectProto,
        _ => WireProtocol.Rest,
    };
}
