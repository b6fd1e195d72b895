using Accreditation.Core.Security;

namespace Accreditation.Publishing;

/// <summary>Permissions of the Publishing module and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>Draft, submit, approve, schedule, publish and archive practice updates and pages.</summary>
    public const string Publish = "Publishing.Publish";

    /// <summary>The policy name pages use for <see cref="Publish"/>.</summary>
    public const string PublishPolicy = PermissionPolicyProvider.Prefix + Publish;

    /// <summary>Edit the links of the service navigation and the footer.</summary>
    public const string ManageMenus = "Publishing.ManageMenus";

    /// <summary>The policy name pages use for <see cref="ManageMenus"/>.</summary>
    public const string ManageMenusPolicy = PermissionPolicyProvider.Prefix + ManageMenus;

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(Publish, "Draft, review, schedule, publish and archive practice updates and pages"),
        new(ManageMenus, "Edit the service navigation and footer links"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.Publisher] = [Publish],
        [Roles.PlatformAdmin] = [Publish, ManageMenus],
    };
}
