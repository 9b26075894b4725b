using System.Collections.Frozen;

namespace Hookgate.Identity;

/// <summary>
/// ZITADEL's role → permission mapping (cmd/defaults.yaml InternalAuthZ), for the permissions Hookgate checks.
/// Instance roles grant instance-level permissions; org roles grant none of the action permissions.
/// </summary>
public static class Roles
{
    public const string IamOwner = "IAM_OWNER";
    public const string IamOwnerViewer = "IAM_OWNER_VIEWER";
    public const string OrgOwner = "ORG_OWNER";

    public static readonly FrozenSet<string> InstanceRoles = FrozenSet.Create(StringComparer.Ordinal, IamOwner, IamOwnerViewer);
    public static readonly FrozenSet<string> OrgRoles = FrozenSet.Create(StringComparer.Ordinal, OrgOwner);

    private static readonly FrozenDictionary<string, FrozenSet<string>> InstancePermissions = new Dictionary<string, FrozenSet<string>>
    {
        [IamOwner] = FrozenSet.Create(StringComparer.Ordinal,
            Permissions.TargetRead, Permissions.TargetWrite, Permissions.TargetDelete, Permissions.ExecutionRead, Permissions.ExecutionWrite,
            Permissions.FirstGeneration.TargetRead, Permissions.FirstGeneration.TargetWrite, Permissions.FirstGeneration.TargetDelete,
            Permissions.FirstGeneration.ExecutionRead, Permissions.FirstGeneration.ExecutionWrite, Permissions.FirstGeneration.ExecutionDelete),
        [IamOwnerViewer] = FrozenSet.Create(StringComparer.Ordinal, Permissions.TargetRead, Permissions.ExecutionRead,
            Permissions.FirstGeneration.TargetRead, Permissions.FirstGeneration.ExecutionRead),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsKnown(string role) => InstanceRoles.Contains(role) || OrgRoles.Contains(role);

    public static FrozenSet<string> PermissionsOf(IEnumerable<string> instanceRoles) =>
        instanceRoles.SelectMany(r => InstancePermissions.GetValueOrDefault(r) ?? FrozenSet<string>.Empty).ToFrozenSet(StringComparer.Ordinal);
}

public static class Permissions
{
    public const string TargetRead = "action.target.read";
    public const string TargetWrite = "action.target.write";
    public const string TargetDelete = "action.target.delete";
    public const string ExecutionRead = "action.execution.read";
    public const string ExecutionWrite = "action.execution.write";

    /// <summary>The pseudo-permission of RPCs any authenticated caller may use.</summary>
    public const string Authenticated = "authenticated";

    /// <summary>The names the first v3alpha generation used for the same rights.</summary>
    public static class FirstGeneration
    {
        public const string TargetRead = "execution.target.read";
        public const string TargetWrite = "execution.target.write";
        public const string TargetDelete = "execution.target.delete";
        public const string ExecutionRead = "execution.read";
        public const string ExecutionWrite = "execution.write";
        public const string ExecutionDelete = "execution.delete";
    }
}

/// <summary>Who is calling: resolved from the bearer token once per call.</summary>
public sealed record Caller(string InstanceId, string OrgId, string UserId, FrozenSet<string> Permissions)
{
    public bool Has(string permission) => permission == Identity.Permissions.Authenticated || Permissions.Contains(permission);
}
