using Accreditation.Core.Security;

namespace Accreditation.Identity;

/// <summary>Permissions of the Identity module and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>Manage people, roles and modules of the whole platform.</summary>
    public const string ManagePlatform = "Platform.Manage";

    /// <summary>Manage people of one's own organisation.</summary>
    public const string ManageOrganisationUsers = "Users.ManageOwnOrganisation";

    /// <summary>Add, import and edit organisations (local authorities, the Chief Social Worker's office).</summary>
    public const string ManageOrganisations = "Organisations.Manage";

    /// <summary>The policy name of <see cref="ManageOrganisations"/>.</summary>
    public const string ManageOrganisationsPolicy = PermissionPolicyProvider.Prefix + ManageOrganisations;

    /// <summary>The policy name of <see cref="ManageOrganisationUsers"/>.</summary>
    public const string ManageOrganisationUsersPolicy = PermissionPolicyProvider.Prefix + ManageOrganisationUsers;

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(ManagePlatform, "Manage modules, settings and every organisation's people"),
        new(ManageOrganisationUsers, "Manage the people of one's own organisation"),
        new(ManageOrganisations, "Add, import and edit organisations"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.PlatformAdmin] = [ManagePlatform, ManageOrganisationUsers, ManageOrganisations],
        [Roles.OrganisationAdmin] = [ManageOrganisationUsers],
    };
}
