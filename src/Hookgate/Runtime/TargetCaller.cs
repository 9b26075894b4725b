using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Hookgate.Errors;
using Hookgate.Targets;

namespace Hookgate.Runtime;

/// <summary>
/// Calls one target the way ZITADEL does (reference §3.3–3.4): POST of the payload as application/json, signed with
/// ZITADEL-Signature when the target has a signing key, within the target's timeout. The answer's status decides:
/// 2xx is success unless the body forwards an error, anything else is "Execution failed". Failures are
/// <see cref="ApiError"/>s with ZITADEL's IDs; whether they interrupt is the caller's decision.
/// </summary>
public sealed partial class TargetCaller(HttpClient http, WebKeys.WebKeys webKeys, TimeProvider time, ILogger<TargetCaller> logger)
{
    /// <summary>A target's answer may be at most this big (ZITADEL's HTTPClient.MaxBodySize).</summary>
    public const long MaxAnswerBytes = 20 * 1024 * 1024;

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>
    /// Sends <paramref name="body"/> (the ContextInfo JSON) to the target as its payload type asks, and returns its
    /// answer (null for restAsync, which is sent in the background and never waited for).
    /// </summary>
    public async Task<byte[]?> CallAsync(string instanceId, RouteTarget route, byte[] body, CancellationToken ct)
    {
        var target = route.Target;
        var payload = await PayloadAsync(instanceId, route, body, ct);
        if (target.Type == TargetType.Async)
        {
            _ = Task.Run(() => SendInBackgroundAsync(target, payload), CancellationToken.None);
            return null;
        }
        return await SendAsync(target, payload, ct);
    }

    /// <summary>
    /// JSON as it is; JWT: the JSON as the payload of a JWS signed with the instance's web key; JWE: that JWT
    /// encrypted to the target's active, unexpired public key (reference §3.5).
    /// </summary>
    private async ValueTask<byte[]> PayloadAsync(string instanceId, RouteTarget route, byte[] body, CancellationToken ct)
    {
        if (route.Target.PayloadType is not (PayloadType.Jwt or PayloadType.Jwe))
        {
            return body;
        }
        var signing = await webKeys.ActiveAsync(instanceId, ct);
        var jwt = Jose.Jws.Sign(body, signing.PrivateKey, signing.KeyId);
        if (route.Target.PayloadType == PayloadType.Jwt)
        {
            return System.Text.Encoding.ASCII.GetBytes(jwt);
        }
        if (route.EncryptionKey is not { } key || key.Expiration is { } expires && expires <= time.GetUtcNow())
        {
            throw ApiError.Internal("EXEC-2n8fhs7g", "Errors.Execution.MissingEncryptionKey");
        }
        try
        {
            return System.Text.Encoding.ASCII.GetBytes(Jose.Jwe.Encrypt(System.Text.Encoding.ASCII.GetBytes(jwt), key.PublicKeyPem, key.KeyId));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw ApiError.Internal("EXEC-3n8fhs7g", "Errors.Execution.InvalidPublicKey");
        }
    }

    private async Task SendInBackgroundAsync(TargetView target, byte[] body)
    {
        try
        {
            await SendAsync(target, body, CancellationToken.None);
        }
        catch (ApiError error)
        {
            LogAsyncFailed(logger, target.Id, error.Id, error.Message);
        }
    }

    private async Task<byte[]> SendAsync(TargetView target, byte[] body, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(target.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        if (target.SigningKey is { Length: > 0 } key)
        {
            request.Headers.TryAddWithoutValidation("ZITADEL-Signature", Jose.Signature.Header(body, key, time.GetUtcNow()));
        }
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var answer = await Outbound.OutboundHttp.ReadBodyAsync(response, MaxAnswerBytes, timeout.Token);
            return Judge((int)response.StatusCode, answer);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Cancelling the send aborts the connection, so the target sees it closed.
            throw new ApiError(ErrorKind.DeadlineExceeded, "EXEC-Tm4out", $"Target {target.Id} did not answer within {target.Timeout.TotalSeconds:0.###}s");
        }
        catch (HttpRequestException e) when (Outbound.OutboundDeniedException.FindIn(e) is { } denied)
        {
            throw new ApiError(ErrorKind.FailedPrecondition, "EXEC-DeniedURL", $"Target {target.Id} may not be called: {denied.Message}");
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new ApiError(ErrorKind.Unknown, "EXEC-TooBig", $"Target {target.Id} answered with more than {MaxAnswerBytes} bytes");
        }
        catch (HttpRequestException e)
        {
            throw new ApiError(ErrorKind.Unknown, "EXEC-Unreach", $"Target {target.Id} could not be called: {e.Message}");
        }
    }

    /// <summary>ZITADEL's HandleResponse: a 2xx answer may still forward an error for the caller to see.</summary>
    internal static byte[] Judge(int status, byte[] answer)
    {
        if (status is < 200 or > 299)
        {
            throw ApiError.FailedPrecondition("EXEC-dra6yamk98", "Errors.Execution.Failed");
        }
        if (ForwardedError(answer) is not { } forwarded)
        {
            return answer;
        }
        var (code, message) = forwarded;
        if (code is >= 400 and < 500)
        {
            var kind = code switch
            {
                400 => ErrorKind.InvalidArgument,
                401 => ErrorKind.Unauthenticated,
                403 => ErrorKind.PermissionDenied,
                404 => ErrorKind.NotFound,
                409 => ErrorKind.AlreadyExists,
                429 => ErrorKind.ResourceExhausted,
                _ => ErrorKind.Unknown,
            };
            throw new ApiError(kind, "EXEC-reUaUZCzCp", message);
        }
        throw new ApiError(ErrorKind.FailedPrecondition, "EXEC-bmhNhpcqpF", message);
    }

    /// <summary>
    /// {"forwardedStatusCode":…,"forwardedErrorMessage":…} with either set, read as Go's json.Unmarshal would
    /// (keys case-insensitive; wrong types, arrays or non-JSON mean no forwarded error).
    /// </summary>
    private static (int Code, string Message)? ForwardedError(byte[] answer)
    {
        if (answer.Length == 0 || answer.AsSpan().TrimStart(" \t\r\n"u8) is not [(byte)'{', ..])
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(answer);
            int code = 0;
            string message = "";
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                if (value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }
                if (property.Name.Equals("forwardedStatusCode", StringComparison.OrdinalIgnoreCase))
                {
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out code))
                    {
                        return null;
                    }
                }
                else if (property.Name.Equals("forwardedErrorMessage", StringComparison.OrdinalIgnoreCase))
                {
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        return null;
                    }
                    message = value.GetString()!;
                }
            }
            return code != 0 || message.Length > 0 ? (code, message) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 10, EventName = "AsyncTargetFailed", Level = LogLevel.Information, Message = "Async target {TargetId} failed: {ErrorId} {Error}")]
    private static partial void LogAsyncFailed(ILogger logger, string targetId, string errorId, string error);
}
