using Hookgate.Storage;

namespace Hookgate.Identity;

/// <summary>Read models for authentication: instances, orgs, users, members and token hashes.</summary>
internal static class IdentityProjection
{
    public static void Register(EventSchema schema)
    {
        schema.Reduce(IdentityEvents.InstanceAddedType, (e, w, ct) => w.ExecuteAsync(
                "INSERT INTO instances (id, name, created_at, change_date, sequence) VALUES (@id, @name, @at, @at, @seq)", ct,
                ("id", e.Aggregate.Id), ("name", ((InstanceAdded)e.Payload!).Name), ("at", e.CreatedAt.ToMicros()), ("seq", e.Sequence)))
            .Reduce(IdentityEvents.DefaultOrgSetType, (e, w, ct) => w.ExecuteAsync(
                "UPDATE instances SET default_org_id = @org, change_date = @at, sequence = @seq WHERE id = @id", ct,
                ("id", e.Aggregate.Id), ("org", ((DefaultOrgSet)e.Payload!).OrgId), ("at", e.CreatedAt.ToMicros()), ("seq", e.Sequence)))
            .Reduce(IdentityEvents.OrgAddedType, (e, w, ct) => w.ExecuteAsync(
                "INSERT INTO orgs (instance_id, id, name, created_at, change_date, sequence) VALUES (@instance, @id, @name, @at, @at, @seq)", ct,
                ("instance", e.InstanceId), ("id", e.Aggregate.Id), ("name", ((OrgAdded)e.Payload!).Name), ("at", e.CreatedAt.ToMicros()), ("seq", e.Sequence)))
            .Reduce(IdentityEvents.MachineAddedType, (e, w, ct) =>
            {
                var added = (MachineAdded)e.Payload!;
                return w.ExecuteAsync(
                    "INSERT INTO users (instance_id, id, org_id, user_name, name, created_at, change_date, sequence) VALUES (@instance, @id, @org, @user, @name, @at, @at, @seq)", ct,
                    ("instance", e.InstanceId), ("id", e.Aggregate.Id), ("org", e.Aggregate.ResourceOwner), ("user", added.UserName), ("name", added.Name),
                    ("at", e.CreatedAt.ToMicros()), ("seq", e.Sequence));
            })
            .Reduce(IdentityEvents.TokenAddedType, (e, w, ct) =>
            {
                var added = (PersonalAccessTokenAdded)e.Payload!;
                return w.ExecuteAsync(
                    "INSERT INTO personal_access_tokens (token_hash, instance_id, user_id, token_id, expiration, created_at) VALUES (@hash, @instance, @user, @token, @expiration, @at)", ct,
                    ("hash", added.TokenHash), ("instance", e.InstanceId), ("user", e.Aggregate.Id), ("token", added.TokenId),
                    ("expiration", added.Expiration.ToMicros()), ("at", e.CreatedAt.ToMicros()));
            })
            .Reduce(IdentityEvents.TokenRemovedType, (e, w, ct) => w.ExecuteAsync(
                "DELETE FROM personal_access_tokens WHERE instance_id = @instance AND user_id = @user AND token_id = @token", ct,
                ("instance", e.InstanceId), ("user", e.Aggregate.Id), ("token", ((PersonalAccessTokenRemoved)e.Payload!).TokenId)))
            .Reduce(IdentityEvents.InstanceMemberAddedType, (e, w, ct) => AddMember(w, e, "instance", ct))
            .Reduce(IdentityEvents.OrgMemberAddedType, (e, w, ct) => AddMember(w, e, "org", ct));
    }

    private static Task<int> AddMember(ProjectionWriter w, StoredEvent e, string scope, CancellationToken ct)
    {
        var added = (MemberAdded)e.Payload!;
        return w.ExecuteAsync(
            """
            INSERT INTO members (instance_id, scope, scope_id, user_id, roles) VALUES (@instance, @scope, @scopeId, @user, @roles)
            ON CONFLICT (instance_id, scope_id, user_id) DO UPDATE SET roles = excluded.roles
            """, ct,
            ("instance", e.InstanceId), ("scope", scope), ("scopeId", e.Aggregate.Id), ("user", added.UserId), ("roles", string.Join(' ', added.Roles)));
    }
}
