using System.Text.Json.Serialization;
using Hookgate.Storage;

namespace Hookgate.Identity;

public sealed record InstanceAdded(string Name);
public sealed record DefaultOrgSet(string OrgId);
public sealed record OrgAdded(string Name);
public sealed record MachineAdded(string UserName, string Name, string Description);
public sealed record PersonalAccessTokenAdded(string TokenId, DateTimeOffset Expiration, string TokenHash);
public sealed record PersonalAccessTokenRemoved(string TokenId);
public sealed record MemberAdded(string UserId, string[] Roles);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InstanceAdded))]
[JsonSerializable(typeof(DefaultOrgSet))]
[JsonSerializable(typeof(OrgAdded))]
[JsonSerializable(typeof(MachineAdded))]
[JsonSerializable(typeof(PersonalAccessTokenAdded))]
[JsonSerializable(typeof(PersonalAccessTokenRemoved))]
[JsonSerializable(typeof(MemberAdded))]
internal sealed partial class IdentityJson : JsonSerializerContext;

/// <summary>ZITADEL's aggregate and event type names for the identity the API needs: instance, org, machine user, PAT, members.</summary>
public static class IdentityEvents
{
    public const string InstanceAggregate = "instance";
    public const string OrgAggregate = "org";
    public const string UserAggregate = "user";

    public const string InstanceAddedType = "instance.added";
    public const string DefaultOrgSetType = "instance.default.org.set";
    public const string InstanceMemberAddedType = "instance.member.added";
    public const string OrgAddedType = "org.added";
    public const string OrgMemberAddedType = "org.member.added";
    public const string MachineAddedType = "user.machine.added";
    public const string TokenAddedType = "user.personal.access.token.added";
    public const string TokenRemovedType = "user.personal.access.token.removed";

    public static void Register(EventSchema schema)
    {
        schema.Event(InstanceAddedType, IdentityJson.Default.InstanceAdded)
            .Event(DefaultOrgSetType, IdentityJson.Default.DefaultOrgSet)
            .Event(InstanceMemberAddedType, IdentityJson.Default.MemberAdded)
            .Event(OrgAddedType, IdentityJson.Default.OrgAdded)
            .Event(OrgMemberAddedType, IdentityJson.Default.MemberAdded)
            .Event(MachineAddedType, IdentityJson.Default.MachineAdded)
            .Event(TokenAddedType, IdentityJson.Default.PersonalAccessTokenAdded)
            .Event(TokenRemovedType, IdentityJson.Default.PersonalAccessTokenRemoved);
        IdentityProjection.Register(schema);
    }
}
