using Accreditation.Core.Security;

namespace Accreditation.Identity.Clients;

/// <summary>Permissions over client applications and organisations' sign-in providers.</summary>
public sealed class ClientPermissions : IPermissionProvider
{
    /// <summary>Register and change client applications and organisations' sign-in providers.</summary>
    public const string ManageClients = "Clients.Manage";

    /// <summary>The policy name for pages.</summary>
    public const string ManageClientsPolicy = PermissionPolicyProvider.Prefix + ManageClients;

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(ManageClients, "Register client applications and organisations' own sign-in providers"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.PlatformAdmin] = [ManageClients],
    };
}
