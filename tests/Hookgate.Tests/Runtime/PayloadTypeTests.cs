using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Hookgate.Tests.Api;
using Hookgate.Tests.Infrastructure;
using Hookgate.Verifier;
using Zitadel.Action.V2;

namespace Hookgate.Tests.Runtime;

/// <summary>
/// JSON, JWT and JWE payloads (reference §3.5), each checked on the receiving side with the shipped verifier
/// (Hookgate.Verifier), as a user's receiver would: signature, JWKS from /oauth/v2/keys, decryption.
/// </summary>
public sealed class PayloadTypeTests() : ReceiverTestBase(Transport.Grpc)
{

    private async Task<CreateTargetResponse> TargetAsync(string path, PayloadType payload) =>
        await Owner.OkAsync<CreateTargetResponse>(M("CreateTarget"), new CreateTargetRequest
        {
            Name = path.Trim('/'), RestWebhook = new RESTWebhook { InterruptOnError = true }, Endpoint = Receiver.Endpoint(path), Timeout = Seconds(5), PayloadType = payload,
        });

    private async Task<(ReceivedCall Call, string Expected)> CallThroughAsync(CreateTargetResponse target, string path)
    {
        await Owner.OkAsync<SetExecutionResponse>(M("SetExecution"), new SetExecutionRequest
        {
            Condition = new Condition { Request = new RequestExecution { Method = GetTargetMethod } }, Targets = { target.Id },
        });
        var result = await Owner.CallAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = target.Id });
        Assert.True(result.Ok, result.Message);
        var call = Assert.Single(Receiver.CallsTo(path));
        // The signature covers the exact bytes sent, whatever the payload type.
        Assert.True(WebhookSignature.Verify(call.Headers[WebhookSignature.HeaderName], call.Body, [target.SigningKey], DateTimeOffset.UtcNow));
        Assert.StartsWith("application/json", call.Headers["Content-Type"]);
        var expected = $"{{\"fullMethod\":\"{GetTargetMethod}\",\"instanceID\":\"{Server.Core.Instance.Id}\",\"orgID\":\"{Server.Core.Instance.DefaultOrgId}\"," +
                       $"\"userID\":\"{Server.Core.CreatedAdminToken!.UserId}\",\"request\":{{\"id\":\"{target.Id}\"}}," +
                       $"\"headers\":{{\"Content-Type\":[\"application/grpc\"],\"Host\":[\"{new Uri(Server.BaseUrl).Authority}\"]}}}}";
        return (call, expected);
    }

    private async Task<JsonWebKeySet> KeysAsync()
    {
        using var http = new HttpClient();
        return JsonWebKeySet.Parse(await http.GetStringAsync(Server.BaseUrl + "/oauth/v2/keys").DefaultTimeout());
    }

    [Fact]
    public async Task Json_is_the_context_info_itself()
    {
        var (call, expected) = await CallThroughAsync(await TargetAsync("/json", PayloadType.Json), "/json");
        Assert.Equal(expected, call.Text);
    }

    [Fact]
    public async Task Jwt_carries_the_context_info_signed_with_the_published_key()
    {
        var (call, expected) = await CallThroughAsync(await TargetAsync("/jwt", PayloadType.Jwt), "/jwt");
        Assert.Equal(3, call.Text.Split('.').Length);
        Assert.Equal(expected, Encoding.UTF8.GetString(JwtPayload.Read(call.Text, await KeysAsync())));
    }

    [Fact]
    public async Task Jwe_is_encrypted_to_the_targets_active_rsa_or_ec_key()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        foreach (var (path, pem, decrypt) in new (string, string, Func<string, JsonWebKeySet, byte[]>)[]
        {
            ("/jwe-rsa", PemEncoding.WriteString("PUBLIC KEY", rsa.ExportSubjectPublicKeyInfo()), (jwe, keys) => JwePayload.DecryptAndRead(jwe, rsa, keys)),
            ("/jwe-ec", PemEncoding.WriteString("PUBLIC KEY", ec.ExportSubjectPublicKeyInfo()), (jwe, keys) => JwePayload.DecryptAndRead(jwe, ec, keys)),
        })
        {
            var target = await TargetAsync(path, PayloadType.Jwe);
            var key = await Owner.OkAsync<AddPublicKeyResponse>(M("AddPublicKey"), new AddPublicKeyRequest { TargetId = target.Id, PublicKey = ByteString.CopyFromUtf8(pem) });
            await Owner.OkAsync<ActivatePublicKeyResponse>(M("ActivatePublicKey"), new ActivatePublicKeyRequest { TargetId = target.Id, KeyId = key.KeyId });
            var (call, expected) = await CallThroughAsync(target, path);
            Assert.Equal(5, call.Text.Split('.').Length);
            Assert.Contains($"\"kid\":\"{key.KeyId}\"", Encoding.UTF8.GetString(Convert.FromBase64String(Pad(call.Text.Split('.')[0]))));
            Assert.Equal(expected, Encoding.UTF8.GetString(decrypt(call.Text, await KeysAsync())));
        }
    }

    [Fact]
    public async Task A_rotated_signing_key_signs_from_the_next_call_on()
    {
        var target = await TargetAsync("/rotated", PayloadType.Json);
        var (first, _) = await CallThroughAsync(target, "/rotated");
        var rotated = await Owner.OkAsync<UpdateTargetResponse>(M("UpdateTarget"), new UpdateTargetRequest { Id = target.Id, ExpirationSigningKey = new Google.Protobuf.WellKnownTypes.Duration() });
        Assert.True((await Owner.CallAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = target.Id })).Ok);
        var second = Receiver.CallsTo("/rotated")[1];
        var header = second.Headers[WebhookSignature.HeaderName];
        Assert.True(WebhookSignature.Verify(header, second.Body, [rotated.SigningKey], DateTimeOffset.UtcNow));
        Assert.False(WebhookSignature.Verify(header, second.Body, [target.SigningKey], DateTimeOffset.UtcNow));
        Assert.True(WebhookSignature.Verify(first.Headers[WebhookSignature.HeaderName], first.Body, [target.SigningKey], DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Jwe_without_an_active_key_fails_as_zitadel_does()
    {
        var target = await TargetAsync("/jwe-nokey", PayloadType.Jwe);
        await Owner.OkAsync<SetExecutionResponse>(M("SetExecution"), new SetExecutionRequest
        {
            Condition = new Condition { Request = new RequestExecution { Method = GetTargetMethod } }, Targets = { target.Id },
        });
        var result = await Owner.CallAsync<GetTargetResponse>(M("GetTarget"), new GetTargetRequest { Id = target.Id });
        AssertError(result, 13, "EXEC-2n8fhs7g");
        Assert.Empty(Receiver.Calls);
    }

    private static string Pad(string base64Url) =>
        base64Url.Replace('-', '+').Replace('_', '/').PadRight(base64Url.Length + (4 - base64Url.Length % 4) % 4, '=');
}
