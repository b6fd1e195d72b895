using Accreditation.Core.Security;

namespace Accreditation.Cpd;

/// <summary>Permissions of the CPD module and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>Keep one's own CPD record.</summary>
    public const string RecordCpd = "Cpd.Record";

    /// <summary>See, for people of one's own organisation, only whether each year's requirement is met (never record text).</summary>
    public const string OverseeOrganisation = "Cpd.OverseeOrganisation";

    /// <summary>Policy name for <see cref="RecordCpd"/>.</summary>
    public const string RecordCpdPolicy = PermissionPolicyProvider.Prefix + RecordCpd;

    /// <summary>Policy name for <see cref="OverseeOrganisation"/>.</summary>
    public const string OverseeOrganisationPolicy = PermissionPolicyProvider.Prefix + OverseeOrganisation;

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(RecordCpd, "Keep one's own CPD record"),
        new(OverseeOrganisation, "See whether people of one's own organisation met the year's CPD requirement (never their records)"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.Candidate] = [RecordCpd],
        [Roles.OrganisationAdmin] = [OverseeOrganisation],
    };
}
