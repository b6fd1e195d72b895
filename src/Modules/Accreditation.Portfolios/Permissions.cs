using Accreditation.Core.Security;

namespace Accreditation.Portfolios;

/// <summary>Permissions of the Portfolios module and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>Enrol in an assessment window and build one's own portfolio.</summary>
    public const string BuildPortfolio = "Portfolios.Build";

    /// <summary>Create programmes and assessment windows.</summary>
    public const string ManageProgrammes = "Portfolios.ManageProgrammes";

    /// <summary>Read candidates' requests for reasonable adjustments.</summary>
    public const string ViewAdjustments = "Portfolios.ViewAdjustments";

    /// <summary>Nominate candidates of one's own organisation, see their endorsement status and reassign pending endorsements (never portfolio content).</summary>
    public const string OverseeOrganisation = "Portfolios.OverseeOrganisation";

    /// <summary>Read and endorse (or decline) the portfolios of candidates of one's own organisation who ask.</summary>
    public const string Endorse = "Portfolios.Endorse";

    /// <summary>Policy name for <see cref="BuildPortfolio"/>.</summary>
    public const string BuildPortfolioPolicy = PermissionPolicyProvider.Prefix + BuildPortfolio;

    /// <summary>Policy name for <see cref="ManageProgrammes"/>.</summary>
    public const string ManageProgrammesPolicy = PermissionPolicyProvider.Prefix + ManageProgrammes;

    /// <summary>Policy name for <see cref="ViewAdjustments"/>.</summary>
    public const string ViewAdjustmentsPolicy = PermissionPolicyProvider.Prefix + ViewAdjustments;

    /// <summary>Policy name for <see cref="OverseeOrganisation"/>.</summary>
    public const string OverseeOrganisationPolicy = PermissionPolicyProvider.Prefix + OverseeOrganisation;

    /// <summary>Policy name for <see cref="Endorse"/>.</summary>
    public const string EndorsePolicy = PermissionPolicyProvider.Prefix + Endorse;

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(BuildPortfolio, "Enrol in an assessment window and build one's own evidence portfolio"),
        new(ManageProgrammes, "Create accreditation programmes and assessment windows"),
        new(ViewAdjustments, "Read candidates' requests for reasonable adjustments"),
        new(OverseeOrganisation, "Nominate candidates of one's own organisation, see their endorsement status and reassign pending endorsements"),
        new(Endorse, "Read and endorse the portfolios of candidates of one's own organisation who ask"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.Candidate] = [BuildPortfolio],
        [Roles.Endorser] = [Endorse],
        [Roles.LeadAssessor] = [ViewAdjustments],
        [Roles.OrganisationAdmin] = [OverseeOrganisation],
        [Roles.PlatformAdmin] = [ManageProgrammes, ViewAdjustments],
    };
}
