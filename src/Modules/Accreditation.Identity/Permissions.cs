using Accreditation.Core.Security;

namespace Accreditation.Identity;

/// <summary>Permissions of the Identity module and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>Manage people, roles and modules of the whole platform.</summary>
    public const string ManagePlatform = "Platform.Manage";

    /// <summary>Manage people of one's own organisation.</summary>
    public const string ManageOrganisationUsers = "Users.ManageOwnOrganisation";

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(ManagePlatform, "Manage modules, settings and every organisation's people"),
        new(ManageOrganisationUsers, "Manage the people of one's own organisation"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.PlatformAdmin] = [ManagePlatform, ManageOrganisationUsers],
        [Roles.OrganisationAdmin] = [ManageOrganisationUsers],
    };
}
