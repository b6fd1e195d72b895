using Accreditation.Core.Security;

namespace Accreditation.Marking;

/// <summary>Permissions of the Marking module and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>Mark the snapshots allocated to oneself and declare one's conflicts of interest.</summary>
    public const string Mark = "Marking.Mark";

    /// <summary>Allocate, moderate, release decisions, assign appeal reviewers, read the moderation report.</summary>
    public const string Lead = "Marking.Lead";

    /// <summary>Edit decision rules and read rubrics.</summary>
    public const string ManageRules = "Marking.ManageRules";

    /// <summary>Revoke certificates.</summary>
    public const string ManageCertificates = "Marking.ManageCertificates";

    /// <summary>Read one's own decisions, feedback and certificates; ask for a review.</summary>
    public const string ViewOwnResults = "Marking.ViewOwnResults";

    /// <summary>Policy for <see cref="Mark"/>.</summary>
    public const string MarkPolicy = PermissionPolicyProvider.Prefix + Mark;

    /// <summary>Policy for <see cref="Lead"/>.</summary>
    public const string LeadPolicy = PermissionPolicyProvider.Prefix + Lead;

    /// <summary>Policy for <see cref="ManageRules"/>.</summary>
    public const string ManageRulesPolicy = PermissionPolicyProvider.Prefix + ManageRules;

    /// <summary>Policy for <see cref="ManageCertificates"/>.</summary>
    public const string ManageCertificatesPolicy = PermissionPolicyProvider.Prefix + ManageCertificates;

    /// <summary>Policy for <see cref="ViewOwnResults"/>.</summary>
    public const string ViewOwnResultsPolicy = PermissionPolicyProvider.Prefix + ViewOwnResults;

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(Mark, "Mark the portfolios allocated to oneself (blind) and declare conflicts of interest"),
        new(Lead, "Allocate and reallocate marking, moderate, release decisions, assign appeal reviewers and read the moderation report"),
        new(ManageRules, "Edit the decision rule of each programme and read rubrics"),
        new(ManageCertificates, "Revoke certificates"),
        new(ViewOwnResults, "Read one's own decisions, feedback and certificates, and ask for a review"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.Candidate] = [ViewOwnResults],
        [Roles.Assessor] = [Mark],
        [Roles.LeadAssessor] = [Lead],
        [Roles.PlatformAdmin] = [ManageRules, ManageCertificates],
    };
}
