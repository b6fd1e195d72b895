using Accreditation.Core.Security;

namespace Accreditation.Frameworks;

/// <summary>Permissions of the Frameworks module and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>Import, export, draft, edit and publish framework versions.</summary>
    public const string ManageFrameworks = "Frameworks.Manage";

    /// <summary>The policy name pages and endpoints use for <see cref="ManageFrameworks"/>.</summary>
    public const string ManageFrameworksPolicy = PermissionPolicyProvider.Prefix + ManageFrameworks;

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(ManageFrameworks, "Import, export, draft, edit and publish versions of the Knowledge and Skills Statements"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.PlatformAdmin] = [ManageFrameworks],
    };
}
