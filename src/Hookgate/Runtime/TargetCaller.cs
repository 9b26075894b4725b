using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Hookgate.Errors;
using Hookgate.Targets;

namespace Hookgate.Runtime;

/// <summary>How a target call ended, for the delivery log (the numbers are the delivery API's Outcome).</summary>
public enum DeliveryOutcome
{
    Success = 1,
    HttpError = 2,
    ForwardedError = 3,
    Timeout = 4,
    Unreachable = 5,
    Denied = 6,
    InvalidAnswer = 7,
    PayloadError = 8,
}

/// <summary>One target call's result: its answer on success, else the error (with ZITADEL's ID) to log or return.</summary>
public sealed record TargetCallResult(DateTimeOffset Started, TimeSpan Duration, DeliveryOutcome Outcome, int StatusCode, byte[]? Answer, ApiError? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Calls one target the way ZITADEL does (reference §3.3–3.4): POST of the payload as application/json, signed with
/// ZITADEL-Signature when the target has a signing key, within the target's timeout. The answer's status decides:
/// 2xx is success unless the body forwards an error, anything else is "Execution failed". Failures come back as
/// <see cref="ApiError"/>s with ZITADEL's IDs; whether they interrupt is the caller's decision.
/// </summary>
public sealed class TargetCaller(HttpClient http, WebKeys.WebKeys webKeys, TimeProvider time)
{
    /// <summary>A target's answer may be at most this big (ZITADEL's HTTPClient.MaxBodySize).</summary>
    public const long MaxAnswerBytes = 20 * 1024 * 1024;

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>
    /// Sends <paramref name="body"/> (the ContextInfo JSON) to the target as its payload type asks and waits for
    /// the answer. Whether to wait for it at all (restAsync) is the caller's decision.
    /// </summary>
    public async Task<TargetCallResult> CallAsync(string instanceId, RouteTarget route, byte[] body, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var clock = System.Diagnostics.Stopwatch.GetTimestamp();
        byte[] payload;
        try
        {
            payload = await PayloadAsync(instanceId, route, body, ct);
        }
        catch (ApiError error)
        {
            return new TargetCallResult(started, System.Diagnostics.Stopwatch.GetElapsedTime(clock), DeliveryOutcome.PayloadError, 0, null, error);
        }
        return await SendAsync(route.Target, payload, started, ct);
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

    private async Task<TargetCallResult> SendAsync(TargetView target, byte[] body, DateTimeOffset started, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.GetTimestamp();
        TargetCallResult Result(DeliveryOutcome outcome, int status, byte[]? answer, ApiError? error) =>
            new(started, System.Diagnostics.Stopwatch.GetElapsedTime(clock), outcome, status, answer, error);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(target.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        if (target.SigningKey is { Length: > 0 } key)
        {
            request.Headers.TryAddWithoutValidation("ZITADEL-Signature", Jose.Signature.Header(body, key, time.GetUtcNow()));
        }
        var status = 0;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            var answer = await Outbound.OutboundHttp.ReadBodyAsync(response, MaxAnswerBytes, timeout.Token);
            var (outcome, error) = Judge(status, answer);
            return Result(outcome, status, error is null ? answer : null, error);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Cancelling the send aborts the connection, so the target sees it closed.
            return Result(DeliveryOutcome.Timeout, status, null,
                new ApiError(ErrorKind.DeadlineExceeded, "EXEC-Tm4out", $"Target {target.Id} did not answer within {target.Timeout.TotalSeconds:0.###}s"));
        }
        catch (HttpRequestException e) when (Outbound.OutboundDeniedException.FindIn(e) is { } denied)
        {
            return Result(DeliveryOutcome.Denied, status, null,
                new ApiError(ErrorKind.FailedPrecondition, "EXEC-DeniedURL", $"Target {target.Id} may not be called: {denied.Message}"));
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            return Result(DeliveryOutcome.InvalidAnswer, status, null,
                new ApiError(ErrorKind.Unknown, "EXEC-TooBig", $"Target {target.Id} answered with more than {MaxAnswerBytes} bytes"));
        }
        catch (HttpRequestException e)
        {
            return Result(DeliveryOutcome.Unreachable, status, null,
                new ApiError(ErrorKind.Unknown, "EXEC-Unreach", $"Target {target.Id} could not be called: {e.Message}"));
        }
    }

    /// <summary>ZITADEL's HandleResponse: a 2xx answer may still forward an error for the caller to see.</summary>
    internal static (DeliveryOutcome Outcome, ApiError? Error) Judge(int status, byte[] answer)
    {
        if (status is < 200 or > 299)
        {
            return (DeliveryOutcome.HttpError, ApiError.FailedPrecondition("EXEC-dra6yamk98", "Errors.Execution.Failed"));
        }
        if (ForwardedError(answer) is not { } forwarded)
        {
            return (DeliveryOutcome.Success, null);
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
            return (DeliveryOutcome.ForwardedError, new ApiError(kind, "EXEC-reUaUZCzCp", message));
        }
        return (DeliveryOutcome.ForwardedError, new ApiError(ErrorKind.FailedPrecondition, "EXEC-bmhNhpcqpF", message));
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
}
