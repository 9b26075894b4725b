using System.Security.Cryptography;
using System.Text;
using Hookgate.Crypto;
using Hookgate.Ids;
using Hookgate.Storage;

namespace Hookgate.Identity;

public sealed record CreatedToken(string UserId, string TokenId, string Token, DateTimeOffset Expiration);

public sealed record InstanceInfo(string Id, string DefaultOrgId);

/// <summary>Creates the default instance on first start and machine users with personal access tokens.</summary>
public sealed class IdentityCommands(EventStore store, IdGenerator ids)
{
    /// <summary>Tokens without an expiry last until ZITADEL's "never": 9999-01-01.</summary>
    public static readonly DateTimeOffset Never = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string SystemCreator = "SYSTEM";

    /// <summary>
    /// The default instance; on an empty database it is created with a default org and an IAM_OWNER machine user,
    /// whose token is returned (only then). Runs exclusively, so nodes starting together create one instance.
    /// </summary>
    public async Task<(InstanceInfo Instance, CreatedToken? AdminToken)> EnsureDefaultInstanceAsync(CancellationToken ct)
    {
        var existing = await FindDefaultInstanceAsync(ct);
        if (existing is not null)
        {
            return (existing, null);
        }
        var instanceId = ids.Next();
        return await store.WriteAsync(instanceId, SystemCreator, async (session, ct) =>
        {
            if (await FindDefaultInstanceAsync(session.Connection, session.Transaction, ct) is { } created)
            {
                return (created, (CreatedToken?)null);
            }
            var orgId = ids.Next();
            var instance = new Aggregate(IdentityEvents.InstanceAggregate, instanceId, instanceId);
            var org = new Aggregate(IdentityEvents.OrgAggregate, orgId, orgId);
            session.Append(new NewEvent(instance, IdentityEvents.InstanceAddedType, new InstanceAdded("Hookgate")));
            session.Append(new NewEvent(org, IdentityEvents.OrgAddedType, new OrgAdded("Hookgate")));
            session.Append(new NewEvent(instance, IdentityEvents.DefaultOrgSetType, new DefaultOrgSet(orgId)));
            var info = new InstanceInfo(instanceId, orgId);
            var token = AddMachineUserWithToken(session, info, "admin", "Hookgate administrator", Roles.IamOwner, Never);
            return (info, (CreatedToken?)token);
        }, ct, exclusive: true);
    }

    public Task<CreatedToken> CreateMachineUserAsync(InstanceInfo instance, string userName, string role, DateTimeOffset expiration, CancellationToken ct) =>
        store.WriteAsync(instance.Id, SystemCreator,
            (session, _) => Task.FromResult(AddMachineUserWithToken(session, instance, userName, userName, role, expiration)), ct);

    private CreatedToken AddMachineUserWithToken(WriteSession session, InstanceInfo instance, string userName, string name, string role, DateTimeOffset expiration)
    {
        var userId = ids.Next();
        var tokenId = ids.Next();
        var token = SecretGenerator.AccessToken();
        var user = new Aggregate(IdentityEvents.UserAggregate, userId, instance.DefaultOrgId);
        session.Require(UniqueConstraint.Add("username", userName,
            Errors.ApiError.AlreadyExists("COMMAND-k2unb", "Errors.User.AlreadyExists")));
        session.Append(new NewEvent(user, IdentityEvents.MachineAddedType, new MachineAdded(userName, name, "")));
        session.Append(new NewEvent(user, IdentityEvents.TokenAddedType, new PersonalAccessTokenAdded(tokenId, expiration, HashToken(token))));
        session.Append(Roles.InstanceRoles.Contains(role)
            ? new NewEvent(new Aggregate(IdentityEvents.InstanceAggregate, instance.Id, instance.Id), IdentityEvents.InstanceMemberAddedType, new MemberAdded(userId, [role]))
            : new NewEvent(new Aggregate(IdentityEvents.OrgAggregate, instance.DefaultOrgId, instance.DefaultOrgId), IdentityEvents.OrgMemberAddedType, new MemberAdded(userId, [role])));
        return new CreatedToken(userId, tokenId, token, expiration);
    }

    public async Task<InstanceInfo?> FindDefaultInstanceAsync(CancellationToken ct)
    {
        await using var connection = await store.Database.OpenAsync(ct);
        return await FindDefaultInstanceAsync(connection, null, ct);
    }

    private static async Task<InstanceInfo?> FindDefaultInstanceAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, CancellationToken ct)
    {
        await using var command = connection.Command(transaction, "SELECT id, default_org_id FROM instances ORDER BY created_at, id LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new InstanceInfo(reader.GetString(0), reader.GetString(1)) : null;
    }

    /// <summary>Tokens are stored only as their SHA-256; the token itself is shown once, at creation.</summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
