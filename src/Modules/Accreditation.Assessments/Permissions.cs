using Accreditation.Core.Security;

namespace Accreditation.Assessments;

/// <summary>Permissions of the knowledge assessment and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>Sit the knowledge assessment of one's own enrolments.</summary>
    public const string Sit = "Assessment.Sit";

    /// <summary>Write, review and retire questions; import and export the bank; read item statistics; set blueprints.</summary>
    public const string Author = "Assessment.Author";

    /// <summary>Set candidates' reasonable adjustments and release assessment results.</summary>
    public const string Lead = "Assessment.Lead";

    /// <summary>Policy name for <see cref="Sit"/>.</summary>
    public const string SitPolicy = PermissionPolicyProvider.Prefix + Sit;

    /// <summary>Policy name for <see cref="Author"/>.</summary>
    public const string AuthorPolicy = PermissionPolicyProvider.Prefix + Author;

    /// <summary>Policy name for <see cref="Lead"/>.</summary>
    public const string LeadPolicy = PermissionPolicyProvider.Prefix + Lead;

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(Sit, "Sit the knowledge assessment of one's own enrolments"),
        new(Author, "Write, review and retire assessment questions, set blueprints and read item statistics"),
        new(Lead, "Set candidates' reasonable adjustments for the assessment and release assessment results"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.Candidate] = [Sit],
        [Roles.LeadAssessor] = [Author, Lead],
        [Roles.PlatformAdmin] = [Author, Lead],
    };
}
