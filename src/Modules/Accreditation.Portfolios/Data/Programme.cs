using Accreditation.Core.Data;
using Accreditation.Frameworks.Contracts;

namespace Accreditation.Portfolios.Data;

/// <summary>An accreditation programme, e.g. "Practice leader accreditation": one published framework version assessed in windows.</summary>
public sealed class Programme : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The programme's name as candidates read it.</summary>
    public required string Name { get; set; }

    /// <summary>The framework's key, e.g. "practice-leader".</summary>
    public required string FrameworkKey { get; set; }

    /// <summary>The published framework version whose statements candidates evidence (read through IFrameworkCatalog).</summary>
    public Guid FrameworkVersionId { get; set; }

    /// <summary>The framework version's number, for display.</summary>
    public int FrameworkVersionNumber { get; set; }

    /// <summary>Suggested words per statement (guidance shown, never enforced): lower bound.</summary>
    public int WordGuidanceMin { get; set; } = 300;

    /// <summary>Suggested words per statement: upper bound.</summary>
    public int WordGuidanceMax { get; set; } = 1000;

    /// <summary>How many years an accreditation awarded under the programme stays valid before renewal; 0 when it does not lapse.</summary>
    public int AccreditationValidYears { get; set; } = 3;

    /// <summary>Whether keeping the accreditation current needs each registration year's CPD requirement met.</summary>
    public bool RenewalRequiresCpd { get; set; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The programme's assessment windows.</summary>
    public List<AssessmentWindow> Windows { get; set; } = [];

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>A period in which candidates enrol and submit, with a capacity.</summary>
public sealed class AssessmentWindow : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The programme.</summary>
    public Guid ProgrammeId { get; set; }

    /// <summary>The programme.</summary>
    public Programme? Programme { get; set; }

    /// <summary>The window's name, e.g. "Winter 2026".</summary>
    public required string Name { get; set; }

    /// <summary>First day candidates can enrol and submit (UK date).</summary>
    public DateOnly OpensOn { get; set; }

    /// <summary>Last day candidates can enrol and submit (UK date).</summary>
    public DateOnly ClosesOn { get; set; }

    /// <summary>Most candidates the window takes.</summary>
    public int Capacity { get; set; }

    /// <summary>Candidates enrolled; advanced with the window's row version so two enrolments cannot both take the last place.</summary>
    public int EnrolledCount { get; set; }

    /// <summary>Whether the window is open on the given UK date.</summary>
    public bool IsOpenOn(DateOnly today) => today >= OpensOn && today <= ClosesOn;

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>A candidate enrolled in a window: this is their portfolio.</summary>
public sealed class Enrolment : IVersioned
{
    /// <summary>Id; also the portfolio's id in addresses.</summary>
    public Guid Id { get; set; }

    /// <summary>The window.</summary>
    public Guid WindowId { get; set; }

    /// <summary>The window.</summary>
    public AssessmentWindow? Window { get; set; }

    /// <summary>The candidate's user id.</summary>
    public required string CandidateId { get; set; }

    /// <summary>The candidate's organisation when they enrolled (for the organisation admin's view and blind allocation).</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>The organisation admin who nominated the candidate, if one did.</summary>
    public string? NominatedById { get; set; }

    /// <summary>When the candidate enrolled or was nominated.</summary>
    public DateTimeOffset EnrolledAt { get; set; }

    /// <summary>The candidate's request for reasonable adjustments; seen by the lead assessor only.</summary>
    public string? ReasonableAdjustments { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }
}
