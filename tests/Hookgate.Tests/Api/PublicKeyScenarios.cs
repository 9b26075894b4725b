using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hookgate.Tests.Infrastructure;
using Zitadel.Action.V2;
using Zitadel.Filter.V2;

namespace Hookgate.Tests.Api;

/// <summary>ZITADEL's public-key scenarios (reference §5.4).</summary>
public abstract class PublicKeyScenarios(Transport transport) : ApiTestBase(transport)
{
    private static ByteString EcKey() => Pem(ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfo());
    private static ByteString RsaKey() => Pem(RSA.Create(2048).ExportSubjectPublicKeyInfo());
    private static ByteString Pem(byte[] der) => ByteString.CopyFrom(Encoding.ASCII.GetBytes(PemEncoding.WriteString("PUBLIC KEY", der)));
    private static Timestamp In(TimeSpan t) => Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow + t);

    private async Task<string> AddKeyAsync(string targetId, ByteString key, Timestamp? expiration = null)
    {
        var request = new AddPublicKeyRequest { TargetId = targetId, PublicKey = key };
        if (expiration is not null)
        {
            request.ExpirationDate = expiration;
        }
        return (await Owner.OkAsync<AddPublicKeyResponse>(M("AddPublicKey"), request)).KeyId;
    }

    [Fact]
    public async Task AddPublicKey_scenarios()
    {
        var target = await CreateTargetAsync();
        AssertError(await As<AddPublicKeyResponse>(OrgOwner, "AddPublicKey", new AddPublicKeyRequest { TargetId = target.Id, PublicKey = EcKey() }), 7);
        AssertError(await As<AddPublicKeyResponse>(Owner, "AddPublicKey", new AddPublicKeyRequest { PublicKey = EcKey() }), EmptyPathParameterCode);
        AssertError(await As<AddPublicKeyResponse>(Owner, "AddPublicKey", new AddPublicKeyRequest { TargetId = target.Id }), 3);
        AssertError(await As<AddPublicKeyResponse>(Owner, "AddPublicKey", new AddPublicKeyRequest { TargetId = target.Id, PublicKey = ByteString.CopyFromUtf8("invalid") }), 3, "ErrPublicKeyFormat");
        AssertError(await As<AddPublicKeyResponse>(Owner, "AddPublicKey", new AddPublicKeyRequest { TargetId = target.Id, PublicKey = EcKey(), ExpirationDate = In(TimeSpan.FromHours(-1)) }), 3, "ErrExpirationDateBeforeNow");
        AssertError(await As<AddPublicKeyResponse>(Owner, "AddPublicKey", new AddPublicKeyRequest { TargetId = "notexisting", PublicKey = EcKey() }), 9, "COMMAND-nd3fsd");

        var before = DateTimeOffset.UtcNow;
        var added = await Owner.OkAsync<AddPublicKeyResponse>(M("AddPublicKey"), new AddPublicKeyRequest { TargetId = target.Id, PublicKey = EcKey(), ExpirationDate = In(TimeSpan.FromHours(1)) });
        Assert.NotEmpty(added.KeyId);
        Within(added.CreationDate, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Activate_and_deactivate_scenarios()
    {
        var target = await CreateTargetAsync();
        var key = await AddKeyAsync(target.Id, EcKey());
        AssertError(await As<ActivatePublicKeyResponse>(OrgOwner, "ActivatePublicKey", new ActivatePublicKeyRequest { TargetId = target.Id, KeyId = key }), 7);
        AssertError(await As<ActivatePublicKeyResponse>(Owner, "ActivatePublicKey", new ActivatePublicKeyRequest { KeyId = key }), EmptyPathParameterCode);
        AssertError(await As<ActivatePublicKeyResponse>(Owner, "ActivatePublicKey", new ActivatePublicKeyRequest { TargetId = target.Id }), EmptyPathParameterCode);
        AssertError(await As<ActivatePublicKeyResponse>(Owner, "ActivatePublicKey", new ActivatePublicKeyRequest { TargetId = "notexisting", KeyId = key }), 9, "COMMAND-SAF4g");
        AssertError(await As<ActivatePublicKeyResponse>(Owner, "ActivatePublicKey", new ActivatePublicKeyRequest { TargetId = target.Id, KeyId = "notexisting" }), 9, "COMMAND-SAF4g");

        var expiring = await AddKeyAsync(target.Id, EcKey(), In(TimeSpan.FromSeconds(1)));
        await Task.Delay(1500);
        AssertError(await As<ActivatePublicKeyResponse>(Owner, "ActivatePublicKey", new ActivatePublicKeyRequest { TargetId = target.Id, KeyId = expiring }), 9, "COMMAND-SAF4g");

        var activated = await Owner.OkAsync<ActivatePublicKeyResponse>(M("ActivatePublicKey"), new ActivatePublicKeyRequest { TargetId = target.Id, KeyId = key });
        var again = await Owner.OkAsync<ActivatePublicKeyResponse>(M("ActivatePublicKey"), new ActivatePublicKeyRequest { TargetId = target.Id, KeyId = key });
        Assert.Equal(activated.ChangeDate, again.ChangeDate);

        // Activating another key deactivates the first: one active key per target.
        var other = await AddKeyAsync(target.Id, RsaKey());
        await Owner.OkAsync<ActivatePublicKeyResponse>(M("ActivatePublicKey"), new ActivatePublicKeyRequest { TargetId = target.Id, KeyId = other });
        var keys = await Owner.OkAsync<ListPublicKeysResponse>(M("ListPublicKeys"), new ListPublicKeysRequest { TargetId = target.Id });
        Assert.Equal([other], keys.PublicKeys.Where(k => k.Active).Select(k => k.KeyId));

        AssertError(await As<DeactivatePublicKeyResponse>(OrgOwner, "DeactivatePublicKey", new DeactivatePublicKeyRequest { TargetId = target.Id, KeyId = other }), 7);
        AssertError(await As<DeactivatePublicKeyResponse>(Owner, "DeactivatePublicKey", new DeactivatePublicKeyRequest { TargetId = target.Id }), EmptyPathParameterCode);
        AssertError(await As<DeactivatePublicKeyResponse>(Owner, "DeactivatePublicKey", new DeactivatePublicKeyRequest { TargetId = "notexisting", KeyId = key }), 9);
        AssertError(await As<DeactivatePublicKeyResponse>(Owner, "DeactivatePublicKey", new DeactivatePublicKeyRequest { TargetId = target.Id, KeyId = "notexisting" }), 9);
        var inactive = await Owner.OkAsync<DeactivatePublicKeyResponse>(M("DeactivatePublicKey"), new DeactivatePublicKeyRequest { TargetId = target.Id, KeyId = key });
        Assert.NotNull(inactive.ChangeDate);
        var before = DateTimeOffset.UtcNow;
        var deactivated = await Owner.OkAsync<DeactivatePublicKeyResponse>(M("DeactivatePublicKey"), new DeactivatePublicKeyRequest { TargetId = target.Id, KeyId = other });
        Within(deactivated.ChangeDate, before, DateTimeOffset.UtcNow);
        keys = await Owner.OkAsync<ListPublicKeysResponse>(M("ListPublicKeys"), new ListPublicKeysRequest { TargetId = target.Id });
        Assert.DoesNotContain(keys.PublicKeys, k => k.Active);
    }

    [Fact]
    public async Task RemovePublicKey_scenarios()
    {
        var target = await CreateTargetAsync();
        var key = await AddKeyAsync(target.Id, EcKey());
        AssertError(await As<RemovePublicKeyResponse>(OrgOwner, "RemovePublicKey", new RemovePublicKeyRequest { TargetId = target.Id, KeyId = key }), 7);
        AssertError(await As<RemovePublicKeyResponse>(Owner, "RemovePublicKey", new RemovePublicKeyRequest { KeyId = key }), EmptyPathParameterCode);
        await Owner.OkAsync<ActivatePublicKeyResponse>(M("ActivatePublicKey"), new ActivatePublicKeyRequest { TargetId = target.Id, KeyId = key });
        AssertError(await As<RemovePublicKeyResponse>(Owner, "RemovePublicKey", new RemovePublicKeyRequest { TargetId = target.Id, KeyId = key }), 9, "ErrPublicKeyDeleteActiveKey");

        await Owner.OkAsync<RemovePublicKeyResponse>(M("RemovePublicKey"), new RemovePublicKeyRequest { TargetId = "notexisting", KeyId = key });
        await Owner.OkAsync<RemovePublicKeyResponse>(M("RemovePublicKey"), new RemovePublicKeyRequest { TargetId = target.Id, KeyId = "notexisting" });

        var inactive = await AddKeyAsync(target.Id, RsaKey());
        var before = DateTimeOffset.UtcNow;
        var removed = await Owner.OkAsync<RemovePublicKeyResponse>(M("RemovePublicKey"), new RemovePublicKeyRequest { TargetId = target.Id, KeyId = inactive });
        Within(removed.DeletionDate, before, DateTimeOffset.UtcNow);
        var keys = await Owner.OkAsync<ListPublicKeysResponse>(M("ListPublicKeys"), new ListPublicKeysRequest { TargetId = target.Id });
        Assert.Equal([key], keys.PublicKeys.Select(k => k.KeyId));
    }

    [Fact]
    public async Task ListPublicKeys_scenarios()
    {
        var target = await CreateTargetAsync();
        var ec = EcKey();
        var active = await AddKeyAsync(target.Id, ec);
        await Owner.OkAsync<ActivatePublicKeyResponse>(M("ActivatePublicKey"), new ActivatePublicKeyRequest { TargetId = target.Id, KeyId = active });
        var expiring = await AddKeyAsync(target.Id, RsaKey(), In(TimeSpan.FromHours(24)));
        var forever = await AddKeyAsync(target.Id, RsaKey());

        AssertError(await As<ListPublicKeysResponse>(OrgOwner, "ListPublicKeys", new ListPublicKeysRequest { TargetId = target.Id }), 7);
        var unknown = await Owner.OkAsync<ListPublicKeysResponse>(M("ListPublicKeys"), new ListPublicKeysRequest { TargetId = "notexisting" });
        Assert.Empty(unknown.PublicKeys);
        Assert.Equal(100UL, unknown.Pagination.AppliedLimit);

        var all = await Owner.OkAsync<ListPublicKeysResponse>(M("ListPublicKeys"), new ListPublicKeysRequest { TargetId = target.Id });
        Assert.Equal(3, all.PublicKeys.Count);
        var first = all.PublicKeys.Single(k => k.KeyId == active);
        Assert.Equal(ec, first.PublicKey_);
        Assert.StartsWith("SHA256:", first.Fingerprint);
        Assert.DoesNotContain("=", first.Fingerprint);

        async Task<IEnumerable<string>> Filtered(params PublicKeySearchFilter[] filters) =>
            (await Owner.OkAsync<ListPublicKeysResponse>(M("ListPublicKeys"), new ListPublicKeysRequest { TargetId = target.Id, Filters = { filters } })).PublicKeys.Select(k => k.KeyId);

        Assert.Equal([active], await Filtered(new PublicKeySearchFilter { ActiveFilter = true }));
        Assert.Equal(2, (await Filtered(new PublicKeySearchFilter { ActiveFilter = false })).Count());
        var day = In(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        Assert.Equal([expiring], await Filtered(new PublicKeySearchFilter { ExpirationDateFilter = new TimestampFilter { Timestamp = day, Method = TimestampFilterMethod.BeforeOrEquals } }));
        Assert.Equal(2, (await Filtered(new PublicKeySearchFilter { ExpirationDateFilter = new TimestampFilter { Timestamp = day, Method = TimestampFilterMethod.After } })).Count());

        var paged = await Owner.OkAsync<ListPublicKeysResponse>(M("ListPublicKeys"), new ListPublicKeysRequest
        {
            TargetId = target.Id,
            Pagination = new PaginationRequest { Limit = 1, Asc = true },
            SortingColumn = PublicKeyFieldName.ChangeDate,
            Filters = { new PublicKeySearchFilter { KeyIdsFilter = new InIDsFilter { Ids = { expiring, forever } } } },
        });
        Assert.Equal(2UL, paged.Pagination.TotalResult);
        Assert.Equal(1UL, paged.Pagination.AppliedLimit);
        Assert.Equal(expiring, Assert.Single(paged.PublicKeys).KeyId);

        var duplicateIds = await As<ListPublicKeysResponse>(Owner, "ListPublicKeys", new ListPublicKeysRequest
        {
            TargetId = target.Id,
            Filters = { new PublicKeySearchFilter { KeyIdsFilter = new InIDsFilter { Ids = { forever, forever } } } },
        });
        AssertError(duplicateIds, 3);
    }
}

public sealed class PublicKeyScenariosOverRest() : PublicKeyScenarios(Transport.Rest);

public sealed class PublicKeyScenariosOverGrpc() : PublicKeyScenarios(Transport.Grpc);
