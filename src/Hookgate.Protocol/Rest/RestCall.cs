using Hookgate.Protocol.Json;
using Hookgate.Protocol.Server;
using Microsoft.AspNetCore.Http;

namespace Hookgate.Protocol.Rest;

/// <summary>The REST (grpc-gateway style JSON transcoding) pipeline behind the per-prefix catch-all routes.</summary>
internal static class RestCall
{
    private const string JsonContentType = "application/json";

    public static Task HandleAsync(HttpContext http, RestRouter router, ServiceRegistration routeOwner)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "/";
        var result = router.Match(request.Method, path, out var binding, out var values);
        if (HttpMethods.IsOptions(request.Method) && result != RouteResult.NotFound)
        {
            return Cors.WritePreflightAsync(http);
        }

        Cors.AddResponseHeaders(http);
        return result switch
        {
            RouteResult.Matched => ExecuteAsync(http, binding!, values!),
            RouteResult.MethodNotAllowed => WriteFailureAsync(http, routeOwner.Fail(http, WireProtocol.Rest, StatusCode.Unimplemented,
                ProtocolErrorIds.MethodNotAllowed, "Method Not Allowed", StatusCodes.Status405MethodNotAllowed), routeOwner),
            _ => WriteFailureAsync(http, routeOwner.Fail(http, WireProtocol.Rest, StatusCode.NotFound, ProtocolErrorIds.RouteNotFound, "Not Found"), routeOwner),
        };
    }

    private static async Task ExecuteAsync(HttpContext http, RestBinding binding, string[] values)
    {
        var method = binding.Method;
        var service = method.Service;
        try
        {
            if (method.Handler is null)
            {
                throw service.Fail(http, WireProtocol.Rest, StatusCode.Unimplemented, ProtocolErrorIds.MethodNotServed, "method " + method.FullMethod + " is not implemented");
            }

            var message = await BuildRequestAsync(http, binding, values).ConfigureAwait(false);
            TimeSpan? timeout = null;
            var grpcTimeout = http.Request.Headers["grpc-timeout"];
            if (grpcTimeout.Count > 0)
            {
                timeout = GrpcWire.TryParseTimeout(grpcTimeout.ToString(), out var parsed)
                    ? parsed
                    : throw service.Fail(http, WireProtocol.Rest, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidHeader, "invalid grpc-timeout header");
            }

            var response = await Invoker.InvokeAsync(method, message, http, WireProtocol.Rest, timeout).ConfigureAwait(false);
            using var json = RpcCall.FormatJson(http, method, WireProtocol.Rest, response, binding.ResponseField is { } field
                ? (output, reply) => ProtoJsonWriter.WriteFieldOrDefault(output, reply, field)
                : null);
            http.Response.StatusCode = method.RestSuccessStatus;
            http.Response.ContentType = JsonContentType;
            http.Response.ContentLength = json.WrittenCount;
            await http.Response.Body.WriteAsync(json.WrittenMemory, http.RequestAborted).ConfigureAwait(false);
        }
        catch (ProtocolFailure failure)
        {
            await RpcCall.WriteRestErrorAsync(http, failure.Error, failure.HttpStatus, service).ConfigureAwait(false);
        }
        catch (RpcException error)
        {
            await RpcCall.WriteRestErrorAsync(http, error, null, service).ConfigureAwait(false);
        }
    }

    private static async ValueTask<Google.Protobuf.IMessage> BuildRequestAsync(HttpContext http, RestBinding binding, string[] values)
    {
        var method = binding.Method;
        var service = method.Service;
        var plan = method.InputPlan;
        var message = plan.NewMessage();
        if (binding.Body != BodyKind.None)
        {
            var max = service.Options.MaxRequestBodyBytes;
            var (ok, body) = await RequestBodyReader.ReadAsync(http.Request, max, http.RequestAborted).ConfigureAwait(false);
            if (!ok)
            {
                throw service.Fail(http, WireProtocol.Rest, StatusCode.InvalidArgument, ProtocolErrorIds.BodyTooLarge,
                    "request body larger than " + max.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes");
            }

            try
            {
                // An empty (or blank) body on a body method is the empty message, as with grpc-gateway.
                if (!body.Span.Trim(" \t\r\n"u8).IsEmpty)
                {
                    if (binding.Body == BodyKind.Whole)
                    {
                        ProtoJsonReader.Merge(body.Span, message, plan, ignoreUnknownFields: true);
                    }
                    else
                    {
                        ProtoJsonReader.MergeField(body.Span, message, binding.BodyField!, ignoreUnknownFields: true);
                    }
                }
            }
            catch (ProtoJsonException e)
            {
                throw service.Fail(http, WireProtocol.Rest, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidJson, "invalid request body: " + e.Message);
            }
            finally
            {
                body.Dispose();
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            try
            {
                FieldValueParser.Assign(message, binding.VariablePaths[i], values[i], null, null);
            }
            catch (FormatException e)
            {
                throw service.Fail(http, WireProtocol.Rest, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidPath, "invalid path parameter: " + e.Message);
            }
        }

        if (binding.Body != BodyKind.Whole)
        {
            try
            {
                QueryBinder.Apply(message, plan, http.Request.QueryString.Value, binding);
            }
            catch (FormatException e)
            {
                throw service.Fail(http, WireProtocol.Rest, StatusCode.InvalidArgument, ProtocolErrorIds.InvalidQuery, "invalid query parameter: " + e.Message);
            }
        }

        return message;
    }

    private static Task WriteFailureAsync(HttpContext http, ProtocolFailure failure, ServiceRegistration owner) =>
        RpcCall.WriteRestErrorAsync(http, failure.Error, failure.HttpStatus, owner);
}
