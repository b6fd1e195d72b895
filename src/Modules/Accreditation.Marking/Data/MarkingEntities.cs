using Accreditation.Core.Data;
using Accreditation.Frameworks.Contracts;

namespace Accreditation.Marking.Data;

/// <summary>The rubric of one framework version: grade levels, and per statement descriptors and guidance for markers.</summary>
public sealed class Rubric : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The published framework version (IFrameworkCatalog) it marks against; one rubric per version.</summary>
    public Guid FrameworkVersionId { get; set; }

    /// <summary>The framework key, for display.</summary>
    public required string FrameworkKey { get; set; }

    /// <summary>The framework version's number, for display.</summary>
    public int FrameworkVersionNumber { get; set; }

    /// <summary>The grade levels, lowest first, as a JSON array of names.</summary>
    public required string LevelsJson { get; set; }

    /// <summary>When it was imported.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Per statement.</summary>
    public List<StatementRubric> Statements { get; set; } = [];

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>What each grade means for one statement (candidates see this), and guidance only markers see.</summary>
public sealed class StatementRubric
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The rubric.</summary>
    public Guid RubricId { get; set; }

    /// <summary>The statement's number within the framework version.</summary>
    public int StatementNumber { get; set; }

    /// <summary>A descriptor per level, lowest first, as a JSON array.</summary>
    public required string DescriptorsJson { get; set; }

    /// <summary>Guidance for markers (never shown to candidates).</summary>
    public string MarkerGuidance { get; set; } = "";
}

/// <summary>
/// A programme's decision rule and second-marking settings, versioned: an admin's change adds a version, and each
/// decision records the version it was made under.
/// </summary>
public sealed class DecisionRule
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The programme (Portfolios).</summary>
    public Guid ProgrammeId { get; set; }

    /// <summary>1 upwards within the programme.</summary>
    public int Number { get; set; }

    /// <summary>The lowest level (0-based) every statement must reach; default 2, "evidenced".</summary>
    public int MinimumLevel { get; set; } = 2;

    /// <summary>How many statements may fall below the minimum and the portfolio still be accredited; default 0.</summary>
    public int StatementsAllowedBelow { get; set; }

    /// <summary>Share of snapshots (not borderline or failing) second-marked at random, in percent; default 10.</summary>
    public int SamplePercent { get; set; } = 10;

    /// <summary>The largest difference in levels between two markers on any statement that is not a disagreement; default 1.</summary>
    public int Tolerance { get; set; } = 1;

    /// <summary>Days after release in which a candidate can ask for a review; default 28.</summary>
    public int AppealDays { get; set; } = 28;

    /// <summary>
    /// The components the award needs beside the portfolio (always required), by key, comma separated, e.g.
    /// "knowledge-assessment"; empty for a rule that decides on the portfolio alone (every version saved before
    /// components existed).
    /// </summary>
    public string RequiredComponents { get; set; } = "";

    /// <summary>The keys of <see cref="RequiredComponents"/>.</summary>
    public IReadOnlyList<string> ComponentKeys() => RequiredComponents.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>When this version was made.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who made it (user id), null for the default or a recipe.</summary>
    public string? CreatedById { get; set; }
}

/// <summary>An assessor's capacity and whether they take new allocations.</summary>
public sealed class AssessorProfile : IVersioned
{
    /// <summary>The assessor's user id.</summary>
    public required string UserId { get; set; }

    /// <summary>How many markings they can have open at once.</summary>
    public int Capacity { get; set; } = 5;

    /// <summary>Whether new allocations may go to them.</summary>
    public bool Available { get; set; } = true;

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>A conflict of interest an assessor declared: an organisation, or a person by email address.</summary>
public sealed class AssessorConflict
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The assessor's user id.</summary>
    public required string UserId { get; set; }

    /// <summary>An organisation they must not mark candidates of.</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>A person (lower-case email) they must not mark, nor mark portfolios endorsed by.</summary>
    public string? PersonEmail { get; set; }

    /// <summary>What the assessor said about it, e.g. "my sister works there".</summary>
    public string? Note { get; set; }

    /// <summary>When it was declared.</summary>
    public DateTimeOffset DeclaredAt { get; set; }
}

/// <summary>Where a submission is in marking.</summary>
public enum CaseStatus
{
    /// <summary>Submitted; no assessor could be allocated yet.</summary>
    Submitted,

    /// <summary>Allocated to a first marker.</summary>
    Allocated,

    /// <summary>The first marker opened it (the candidate can no longer withdraw).</summary>
    InMarking,

    /// <summary>Marked by the first marker (a passing moment before second marking or release).</summary>
    Marked,

    /// <summary>Being marked independently by a second marker.</summary>
    SecondMarking,

    /// <summary>The markers disagree beyond the tolerance: a lead assessor agrees the marks.</summary>
    InModeration,

    /// <summary>Marks final; waiting for a lead assessor to release.</summary>
    ReadyForRelease,

    /// <summary>The decision is released to the candidate.</summary>
    Released,

    /// <summary>The candidate withdrew the submission before marking started.</summary>
    Withdrawn,
}

/// <summary>The decision on a portfolio.</summary>
public enum Decision
{
    /// <summary>Accredited.</summary>
    Accredited,

    /// <summary>Not yet accredited.</summary>
    NotYetAccredited,
}

/// <summary>One submission being marked: its pseudonym, status and decision.</summary>
public sealed class MarkingCase : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The submission (Portfolios); one case per submission.</summary>
    public Guid SubmissionId { get; set; }

    /// <summary>The portfolio (enrolment).</summary>
    public Guid EnrolmentId { get; set; }

    /// <summary>The programme.</summary>
    public Guid ProgrammeId { get; set; }

    /// <summary>The framework version marked against.</summary>
    public Guid FrameworkVersionId { get; set; }

    /// <summary>The candidate's organisation (for conflict checks only).</summary>
    public Guid? CandidateOrganisationId { get; set; }

    /// <summary>The stable pseudonym assessors see, e.g. "C-7KQ2M9".</summary>
    public required string CandidateNumber { get; set; }

    /// <summary>Where it is.</summary>
    public CaseStatus Status { get; set; }

    /// <summary>When the candidate submitted.</summary>
    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>When the case was opened by allocation.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether it is second-marked, and why ("sample", "borderline", "failing").</summary>
    public string? SecondMarkingReason { get; set; }

    /// <summary>Its place in the random sample (cases eligible for sampling, in the order first marking finished).</summary>
    public int? SampleOrdinal { get; set; }

    /// <summary>The decision rule version it was decided under.</summary>
    public int? DecisionRuleNumber { get; set; }

    /// <summary>What the portfolio's final marks came to under the rule (accredited means the portfolio met the standard), once marks are final.</summary>
    public Decision? PortfolioDecision { get; set; }

    /// <summary>The decision on the award, over every component the rule requires: set when it is released.</summary>
    public Decision? Decision { get; set; }

    /// <summary>Why no lead assessor could moderate this portfolio, when none can (shown to lead assessors and platform admins); null otherwise.</summary>
    public string? ModerationBlocked { get; set; }

    /// <summary>The lead assessor's rationale for agreed marks.</summary>
    public string? ModerationRationale { get; set; }

    /// <summary>When the decision was released.</summary>
    public DateTimeOffset? ReleasedAt { get; set; }

    /// <summary>Who released it.</summary>
    public string? ReleasedById { get; set; }

    /// <summary>The markings of the case.</summary>
    public List<AssessorMarking> Markings { get; set; } = [];

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>Which marking of a case a marking is.</summary>
public enum MarkingRole
{
    /// <summary>The first marker's.</summary>
    First,

    /// <summary>The independent second marker's.</summary>
    Second,

    /// <summary>The lead assessor's agreed marks after a disagreement.</summary>
    Agreed,

    /// <summary>An independent reviewer's after an appeal.</summary>
    Review,
}

/// <summary>Where a marking is.</summary>
public enum MarkingStatus
{
    /// <summary>Allocated, not opened yet.</summary>
    Allocated,

    /// <summary>Being marked.</summary>
    InProgress,

    /// <summary>Submitted; final for this marker.</summary>
    Submitted,

    /// <summary>Taken away by a reallocation.</summary>
    Reallocated,
}

/// <summary>One person's marks on a case: a grade and comment per statement, and an overall comment.</summary>
public sealed class AssessorMarking : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The case.</summary>
    public Guid CaseId { get; set; }

    /// <summary>The case.</summary>
    public MarkingCase? Case { get; set; }

    /// <summary>Which marking it is.</summary>
    public MarkingRole Role { get; set; }

    /// <summary>The marker's user id.</summary>
    public required string AssessorId { get; set; }

    /// <summary>Where it is.</summary>
    public MarkingStatus Status { get; set; }

    /// <summary>When it was allocated.</summary>
    public DateTimeOffset AllocatedAt { get; set; }

    /// <summary>When the marker submitted it.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>When it was last saved.</summary>
    public DateTimeOffset? SavedAt { get; set; }

    /// <summary>The overall comment to the candidate.</summary>
    public string OverallComment { get; set; } = "";

    /// <summary>The marks per statement.</summary>
    public List<StatementMark> Marks { get; set; } = [];

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>A grade and comment for one statement.</summary>
public sealed class StatementMark
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The marking.</summary>
    public Guid MarkingId { get; set; }

    /// <summary>The statement number.</summary>
    public int StatementNumber { get; set; }

    /// <summary>The level (0-based), or null while not graded.</summary>
    public int? Level { get; set; }

    /// <summary>Feedback on the statement.</summary>
    public string Comment { get; set; } = "";
}

/// <summary>Where an appeal is.</summary>
public enum AppealStatus
{
    /// <summary>The candidate asked for a review.</summary>
    Requested,

    /// <summary>A reviewer is reviewing.</summary>
    UnderReview,

    /// <summary>Reviewed; waiting for release.</summary>
    Reviewed,

    /// <summary>The outcome is released to the candidate.</summary>
    Released,
}

/// <summary>A candidate's request for a review of a released decision.</summary>
public sealed class Appeal : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The case.</summary>
    public Guid CaseId { get; set; }

    /// <summary>The candidate's grounds.</summary>
    public required string Grounds { get; set; }

    /// <summary>When it was asked for.</summary>
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>Where it is.</summary>
    public AppealStatus Status { get; set; }

    /// <summary>The review marking, once a reviewer is assigned.</summary>
    public Guid? ReviewMarkingId { get; set; }

    /// <summary>The decision before the review.</summary>
    public Decision OriginalDecision { get; set; }

    /// <summary>The decision after the review.</summary>
    public Decision? OutcomeDecision { get; set; }

    /// <summary>When the outcome was released.</summary>
    public DateTimeOffset? ReleasedAt { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>An accreditation awarded on an accredited decision: the certificate and the credential.</summary>
public sealed class Award : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The case it was decided on.</summary>
    public Guid CaseId { get; set; }

    /// <summary>The holder's user id.</summary>
    public required string HolderId { get; set; }

    /// <summary>The holder's name at the time of the award.</summary>
    public required string HolderName { get; set; }

    /// <summary>The programme.</summary>
    public Guid ProgrammeId { get; set; }

    /// <summary>The programme's name.</summary>
    public required string ProgrammeName { get; set; }

    /// <summary>The framework key.</summary>
    public required string FrameworkKey { get; set; }

    /// <summary>The framework's name at the time of the award (null for awards made before names were kept).</summary>
    public string? FrameworkName { get; set; }

    /// <summary>The framework version's number.</summary>
    public int FrameworkVersion { get; set; }

    /// <summary>The UK date it was awarded.</summary>
    public DateOnly AwardedOn { get; set; }

    /// <summary>The last UK date it is valid; null when it does not lapse.</summary>
    public DateOnly? ValidUntil { get; set; }

    /// <summary>Whether the programme keeps it current only with CPD.</summary>
    public bool RenewalRequiresCpd { get; set; }

    /// <summary>The code of its verification page.</summary>
    public required string VerificationCode { get; set; }

    /// <summary>Its index in the revocation status list.</summary>
    public int StatusListIndex { get; set; }

    /// <summary>When it was revoked.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Why.</summary>
    public string? RevocationReason { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>One component's outcome as recorded on a released decision (the portfolio, the knowledge assessment, ...).</summary>
public sealed class DecisionComponent
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The case whose decision it belongs to.</summary>
    public Guid CaseId { get; set; }

    /// <summary>The component's key ("portfolio", "knowledge-assessment").</summary>
    public required string Key { get; set; }

    /// <summary>Its name as people read it.</summary>
    public required string Name { get; set; }

    /// <summary>Met or not met (a pending component holds the release, so it is never recorded).</summary>
    public bool Met { get; set; }

    /// <summary>What it came to, e.g. "Not yet passed: 0.5 out of 5 (pass mark 60%)."</summary>
    public required string Summary { get; set; }

    /// <summary>What the candidate can do next when it is not met.</summary>
    public string? NextStep { get; set; }

    /// <summary>The UK date from which they can.</summary>
    public DateOnly? NextStepFrom { get; set; }

    /// <summary>What the result rested on (e.g. a sitting's id), to tell a later result apart.</summary>
    public string? Reference { get; set; }

    /// <summary>When it was recorded (at release, or when a later result changed the decision).</summary>
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>The credential-signing key made in Development and Testing, kept data-protected in the database.</summary>
public sealed class CredentialSigningKey
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The key id published in the JWKS.</summary>
    public required string KeyId { get; set; }

    /// <summary>The PKCS#8 private key, protected with data protection.</summary>
    public required string ProtectedKey { get; set; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
