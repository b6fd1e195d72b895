using Accreditation.Core.Security;

namespace Accreditation.Privacy;

/// <summary>Permissions of the Privacy module and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>Start subject access and erasure requests for anyone, and read the retention schedule's runs.</summary>
    public const string ManagePersonalData = "Privacy.Manage";

    /// <summary>Policy for <see cref="ManagePersonalData"/>.</summary>
    public const string ManagePersonalDataPolicy = PermissionPolicyProvider.Prefix + ManagePersonalData;

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(ManagePersonalData, "Prepare a copy of anyone's personal data, erase a person's data, and read the retention schedule's runs"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.PlatformAdmin] = [ManagePersonalData],
    };
}
