using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using Google.Protobuf;
using Hookgate.Protocol.Json;
using Microsoft.AspNetCore.Http;

namespace Hookgate.Protocol.Server;

/// <summary>
/// The "/pkg.Service/Method" routes: gRPC, gRPC-Web (binary and text) and Connect unary, told apart by Content-Type.
/// </summary>
internal static class RpcCall
{
    private const string GrpcContentType = "application/grpc";
    private const string GrpcWebContentType = "application/grpc-web+proto";
    private const string GrpcWebTextContentType = "application/grpc-web-text+proto";
    private const string JsonContentType = "application/json";
    private const string ProtoContentType = "application/proto";

    public static Task HandleMethodAsync(HttpContext http, RpcMethod method)
    {
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            return Cors.WritePreflightAsync(http);
        }

        return HandleAsync(http, method);
    }

    /// <summary>A path under a served service that names no method, or an unknown gRPC service.</summary>
    public static Task HandleUnknownAsync(HttpContext http, ServiceRegistration service)
    {
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            return Cors.WritePreflightAsync(http);
        }

        Cors.AddResponseHeaders(http);
        var kind = ContentKinds.Classify(http.Request.ContentType);
        var protocol = ContentKinds.ToProtocol(kind);
        var failure = kind is ContentKind.None or ContentKind.Unsupported
            ? service.Fail(http, protocol, StatusCode.NotFound, ProtocolErrorIds.RouteNotFound, "Not Found")
            : service.Fail(http, protocol, StatusCode.Unimplemented, ProtocolErrorIds.UnknownMethod, "unknown method " + http.Request.Path.Value);
        return WriteErrorAsync(http, kind, failure.Error, failure.HttpStatus, service);
    }

    private static async Task HandleAsync(HttpContext http, RpcMethod method)
    {
        var service = method.Service;
        var kind = ContentKinds.Classify(http.Request.ContentType);
        var protocol = ContentKinds.ToProtocol(kind);
        Cors.AddResponseHeaders(http);
        try
        {
            CheckRequest(http, method, kind, protocol);
            var timeout = ReadTimeout(http, service, kind, protocol);
            var request = await ReadRequestAsync(http, method, kind, protocol).ConfigureAwait(false);
            var response = await Invoker.InvokeAsync(method, request, http, protocol, timeout).ConfigureAwait(false);
            await WriteResponseAsync(http, method, kind, protocol, response).ConfigureAwait(false);
        }
        catch (ProtocolFailure failure)
        {
            await WriteErrorAsync(http, kind, failure.Error, failure.HttpStatus, service).ConfigureAwait(false);
        }
        catch (RpcException error)
        {
            await WriteErrorAsync(http, kind, error, null, service).ConfigureAwait(false);
        }
    }

    private static void CheckRequest(HttpContext http, RpcMethod method, ContentKind kind, WireProtocol protocol)
    {
        var service = method.Service;
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            throw service.Fail(http, protocol, StatusCode.Unimplemented, ProtocolErrorIds.MethodNotAllowed, "Method Not Allowed", StatusCodes.Status405MethodNotAllowed);
        }

        if (kind is ContentKind.None or ContentKind.Unsupported)
        {
            throw service.Fail(http, protocol, StatusCode.InvalidArgument, ProtocolErrorIds.UnsupportedContentType,
                "unsupported content type \"" + http.Request.ContentType + "\"", StatusCodes.Status415UnsupportedMediaType);
        }

        if (kind == ContentKind.GrpcUnsupportedCodec)
        {
            throw service.Fail(http, protocol, StatusCode.Unimplemented, ProtocolErrorIds.UnsupportedContentType,
                "unsupported gRPC codec \"" + http.Request.ContentType + "\"");
        }

        if (kind == ContentKind.Grpc && !HttpProtocol.IsHttp2(http.Request.Protocol) && !HttpProtocol.IsHttp3(http.Request.Protocol))
        {
            throw service.Fail(http, protocol, StatusCode.Internal, ProtocolErrorIds.Http2Required,
                "gRPC requires HTTP/2, got " + http.Request.Protocol, StatusCodes.Status426UpgradeRequired);
        }

        if (method.Handler is null)
        {
            throw service.Fail(http, protocol, StatusCode.Unimplemented, ProtocolErrorIds.MethodNotServed, "method " + method.FullMethod + " is not implemented");
        }
    }

    private static TimeSpan? ReadTimeout(HttpContext http, ServiceRegistration service, ContentKind kind, WireProtocol protocol)
    {
        var headers = http.Request.Headers;
        if (kind is ContentKind.ConnectJson or ContentKind.ConnectProto)
        {
            var version = headers["connect-protocol-version"];
            if (version.Count > 0 && version.ToString() != "1")
            {
                throw service.Fail(http, protocol, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidHeader, "connect-protocol-version must be \"1\"");
            }

            var connectTimeout = headers["connect-timeout-ms"];
            if (connectTimeout.Count == 0)
            {
                return null;
            }

            var text = connectTimeout.ToString();
            if (text.Length is 0 or > 10 || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                throw service.Fail(http, protocol, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidHeader, "invalid connect-timeout-ms header");
            }

            return TimeSpan.FromMilliseconds(ms);
        }

        var grpcTimeout = headers["grpc-timeout"];
        if (grpcTimeout.Count == 0)
        {
            return null;
        }

        return GrpcWire.TryParseTimeout(grpcTimeout.ToString(), out var timeout)
            ? timeout
            : throw service.Fail(http, protocol, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidHeader, "invalid grpc-timeout header");
    }

    private static async ValueTask<IMessage> ReadRequestAsync(HttpContext http, RpcMethod method, ContentKind kind, WireProtocol protocol)
    {
        var service = method.Service;
        var max = service.Options.MaxRequestBodyBytes;
        var (ok, body) = await RequestBodyReader.ReadAsync(http.Request, max, http.RequestAborted).ConfigureAwait(false);
        if (!ok)
        {
            throw TooLarge(http, service, protocol);
        }

        try
        {
            return kind is ContentKind.ConnectJson or ContentKind.ConnectProto
                ? DecodeConnect(http, method, kind, protocol, body)
                : DecodeGrpc(http, method, kind, protocol, ref body);
        }
        finally
        {
            body.Dispose();
        }
    }

    private static IMessage DecodeGrpc(HttpContext http, RpcMethod method, ContentKind kind, WireProtocol protocol, ref PooledBody body)
    {
        var service = method.Service;
        if (kind == ContentKind.GrpcWebText)
        {
            if (!TryDecodeBase64InPlace(body.Buffer.AsSpan(0, body.Length), out var decodedLength))
            {
                throw service.Fail(http, protocol, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidBase64, "invalid base64 in grpc-web-text request body");
            }

            body.Length = decodedLength;
        }

        var encoding = http.Request.Headers["grpc-encoding"];
        var gzip = encoding.Count > 0 && encoding.ToString() == "gzip";
        if (encoding.Count > 0 && !gzip && encoding.ToString() != "identity")
        {
            throw service.Fail(http, protocol, StatusCode.Unimplemented, ProtocolErrorIds.UnsupportedEncoding, "grpc-encoding \"" + encoding.ToString() + "\" is not supported");
        }

        if (GrpcWire.ReadSingleFrame(body.Span, out var compressed, out var offset, out var length) != GrpcWire.FrameResult.Ok)
        {
            throw service.Fail(http, protocol, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidFrame, "request body is not exactly one gRPC message frame");
        }

        if (!compressed)
        {
            return ParseProto(http, method, protocol, body.Buffer.AsSpan(offset, length));
        }

        if (!gzip)
        {
            throw service.Fail(http, protocol, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidFrame, "compressed message without grpc-encoding");
        }

        var inflated = Inflate(http, service, protocol, body.Buffer.AsMemory(offset, length));
        try
        {
            return ParseProto(http, method, protocol, inflated.Span);
        }
        finally
        {
            inflated.Dispose();
        }
    }

    private static IMessage DecodeConnect(HttpContext http, RpcMethod method, ContentKind kind, WireProtocol protocol, PooledBody body)
    {
        var service = method.Service;
        var encoding = http.Request.Headers.ContentEncoding;
        var gzip = encoding.Count > 0 && encoding.ToString() == "gzip";
        if (encoding.Count > 0 && !gzip && encoding.ToString() != "identity")
        {
            throw service.Fail(http, protocol, StatusCode.Unimplemented, ProtocolErrorIds.UnsupportedEncoding, "content-encoding \"" + encoding.ToString() + "\" is not supported");
        }

        var inflated = gzip ? Inflate(http, service, protocol, body.Memory) : default;
        try
        {
            var payload = gzip ? inflated.Span : body.Span;
            if (kind == ContentKind.ConnectProto)
            {
                return ParseProto(http, method, protocol, payload);
            }

            try
            {
                return ProtoJsonReader.Parse(payload, method.Descriptor.InputType, ignoreUnknownFields: true);
            }
            catch (ProtoJsonException e)
            {
                throw service.Fail(http, protocol, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidJson, "invalid request body: " + e.Message);
            }
        }
        finally
        {
            if (gzip)
            {
                inflated.Dispose();
            }
        }
    }

    private static PooledBody Inflate(HttpContext http, ServiceRegistration service, WireProtocol protocol, ReadOnlyMemory<byte> compressed)
    {
        var inflated = RequestBodyReader.Gunzip(compressed, service.Options.MaxRequestBodyBytes)
            ?? throw service.Fail(http, protocol, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidCompression, "invalid gzip data");
        return inflated.Length == RequestBodyReader.TooLarge ? throw TooLarge(http, service, protocol) : inflated;
    }

    private static IMessage ParseProto(HttpContext http, RpcMethod method, WireProtocol protocol, ReadOnlySpan<byte> payload)
    {
        try
        {
            return method.InputPlan.Parser.ParseFrom(payload);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException or InvalidOperationException)
        {
            throw method.Service.Fail(http, protocol, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidProtobuf, "invalid protobuf request: " + e.Message);
        }
    }

    private static ProtocolFailure TooLarge(HttpContext http, ServiceRegistration service, WireProtocol protocol) =>
        service.Fail(http, protocol, StatusCode.InvalidArgument, ProtocolErrorIds.BodyTooLarge,
            "request body larger than " + service.Options.MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture) + " bytes");

    /// <summary>Decodes base64 (possibly several padded chunks back to back) in place.</summary>
    private static bool TryDecodeBase64InPlace(Span<byte> data, out int written)
    {
        written = 0;
        var source = 0;
        while (source < data.Length)
        {
            var end = data[source..].IndexOf((byte)'=');
            end = end < 0 ? data.Length : source + end;
            while (end < data.Length && data[end] == '=')
            {
                end++;
            }

            var chunk = data[source..end];
            if (Base64.DecodeFromUtf8InPlace(chunk, out var chunkWritten) != OperationStatus.Done)
            {
                return false;
            }

            chunk[..chunkWritten].CopyTo(data[written..]);
            written += chunkWritten;
            source = end;
        }

        return true;
    }

    private static async Task WriteResponseAsync(HttpContext http, RpcMethod method, ContentKind kind, WireProtocol protocol, IMessage message)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        switch (kind)
        {
            case ContentKind.Grpc:
                response.ContentType = GrpcContentType;
                GrpcWire.WriteMessageFrame(response.BodyWriter, message);
                response.AppendTrailer("grpc-status", "0");
                break;
            case ContentKind.GrpcWeb:
                response.ContentType = GrpcWebContentType;
                GrpcWire.WriteMessageFrame(response.BodyWriter, message);
                GrpcWire.WriteTrailerFrame(response.BodyWriter, StatusCode.OK, null);
                break;
            case ContentKind.GrpcWebText:
                response.ContentType = GrpcWebTextContentType;
                using (var frames = new PooledBufferWriter(message.CalculateSize() + 64))
                {
                    GrpcWire.WriteMessageFrame(frames, message);
                    GrpcWire.WriteTrailerFrame(frames, StatusCode.OK, null);
                    WriteBase64(response.BodyWriter, frames.WrittenSpan);
                }

                break;
            case ContentKind.ConnectProto:
                response.ContentType = ProtoContentType;
                var size = message.CalculateSize();
                response.ContentLength = size;
                message.WriteTo(response.BodyWriter.GetSpan(size)[..size]);
                response.BodyWriter.Advance(size);
                break;
            default:
                response.ContentType = JsonContentType;
                using (var json = FormatJson(http, method, protocol, message))
                {
                    response.ContentLength = json.WrittenCount;
                    await response.Body.WriteAsync(json.WrittenMemory, http.RequestAborted).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>Formats a response into a pooled buffer, so a bad response becomes Internal instead of half a body.</summary>
    internal static PooledBufferWriter FormatJson(HttpContext http, RpcMethod method, WireProtocol protocol, IMessage message, Action<JsonOutput, IMessage>? writer = null)
    {
        var buffer = new PooledBufferWriter();
        try
        {
            var output = new JsonOutput(buffer);
            if (writer is null)
            {
                ProtoJsonWriter.WriteMessage(output, message);
            }
            else
            {
                writer(output, message);
            }

            output.Flush();
            return buffer;
        }
        catch (ProtoJsonException e)
        {
            buffer.Dispose();
            RpcLog.HandlerFailed(method.Service.Logger, method.FullMethod, e);
            throw method.Service.Fail(http, protocol, StatusCode.Internal, ProtocolErrorIds.HandlerFailed, "Internal error");
        }
    }

    private static void WriteBase64(IBufferWriter<byte> output, ReadOnlySpan<byte> data)
    {
        var span = output.GetSpan(Base64.GetMaxEncodedToUtf8Length(data.Length));
        Base64.EncodeToUtf8(data, span, out _, out var written);
        output.Advance(written);
    }

    /// <summary>Writes an error in the format of the request's protocol (REST format when it is unknown).</summary>
    public static async Task WriteErrorAsync(HttpContext http, ContentKind kind, RpcException error, int? httpStatus, ServiceRegistration service)
    {
        var response = http.Response;
        if (response.HasStarted)
        {
            return;
        }

        switch (kind)
        {
            case ContentKind.Grpc or ContentKind.GrpcUnsupportedCodec:
                // Trailers-only: the status travels in the response headers and the stream ends there.
                response.StatusCode = httpStatus ?? StatusCodes.Status200OK;
                response.ContentType = GrpcContentType;
                var headers = response.Headers;
                headers["grpc-status"] = StatusMapping.StatusText(error.Code);
                headers["grpc-message"] = GrpcWire.PercentEncode(error.Message);
                headers["grpc-status-details-bin"] = GrpcWire.StatusDetailsBin(error);
                break;
            case ContentKind.GrpcWeb:
                response.StatusCode = httpStatus ?? StatusCodes.Status200OK;
                response.ContentType = GrpcWebContentType;
                GrpcWire.WriteTrailerFrame(response.BodyWriter, error.Code, error);
                break;
            case ContentKind.GrpcWebText:
                response.StatusCode = httpStatus ?? StatusCodes.Status200OK;
                response.ContentType = GrpcWebTextContentType;
                using (var frame = new PooledBufferWriter(256))
                {
                    GrpcWire.WriteTrailerFrame(frame, error.Code, error);
                    WriteBase64(response.BodyWriter, frame.WrittenSpan);
                }

                break;
            case ContentKind.ConnectJson or ContentKind.ConnectProto:
                response.StatusCode = httpStatus ?? StatusMapping.HttpStatus(error.Code);
                response.ContentType = JsonContentType;
                using (var body = new PooledBufferWriter(256))
                {
                    ErrorBodies.WriteConnect(body, error);
                    await WriteBodyAsync(http, body).ConfigureAwait(false);
                }

                break;
            default:
                await WriteRestErrorAsync(http, error, httpStatus, service).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>grpc-gateway's error body: {"code":N,"message":"...","details":[...]}.</summary>
    public static async Task WriteRestErrorAsync(HttpContext http, RpcException error, int? httpStatus, ServiceRegistration service)
    {
        var response = http.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = httpStatus ?? StatusMapping.HttpStatus(error.Code);
        response.ContentType = JsonContentType;
        using var body = new PooledBufferWriter(256);
        ErrorBodies.WriteRest(body, error, service.Logger);
        await WriteBodyAsync(http, body).ConfigureAwait(false);
    }

    private static async Task WriteBodyAsync(HttpContext http, PooledBufferWriter body)
    {
        http.Response.ContentLength = body.WrittenCount;
        try
        {
            await http.Response.Body.WriteAsync(body.WrittenMemory, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client is gone; nothing left to tell it.
        }
    }
}
