namespace Accreditation.Core.Contracts;

/// <summary>An accreditation a person holds (or held), as the marking module awards it.</summary>
/// <param name="Id">The award's id.</param>
/// <param name="HolderId">The holder's user id.</param>
/// <param name="ProgrammeId">The programme (Portfolios) it was awarded under.</param>
/// <param name="ProgrammeName">The programme's name.</param>
/// <param name="FrameworkKey">The framework key, e.g. "practice-leader".</param>
/// <param name="FrameworkVersion">The framework version's number.</param>
/// <param name="AwardedOn">The UK date it was awarded.</param>
/// <param name="ValidUntil">The last UK date it is valid unless renewed; null when it does not lapse.</param>
/// <param name="RevokedAt">When an admin revoked it, or null.</param>
/// <param name="VerificationCode">The code of its public verification page (/verify/{code}).</param>
/// <param name="RenewalRequiresCpd">Whether the programme keeps it current only while each registration year's CPD requirement is met.</param>
public sealed record AccreditationAward(
    Guid Id,
    string HolderId,
    Guid ProgrammeId,
    string ProgrammeName,
    string FrameworkKey,
    int FrameworkVersion,
    DateOnly AwardedOn,
    DateOnly? ValidUntil,
    DateTimeOffset? RevokedAt,
    string VerificationCode,
    bool RenewalRequiresCpd);

/// <summary>The accreditations people hold; the marking module registers the implementation.</summary>
public interface IAccreditationAwards
{
    /// <summary>Every award of the person, newest first (revoked ones included, flagged).</summary>
    Task<IReadOnlyList<AccreditationAward>> AwardsOfAsync(string personId, CancellationToken ct = default);
}

/// <summary>
/// Told when lead assessors release decisions, inside the releasing transaction (so whatever a listener changes commits or
/// rolls back with the release). The knowledge assessment listens to release results it has been holding.
/// </summary>
public interface IDecisionReleaseListener
{
    /// <summary>Decisions on these enrolments (Portfolios enrolment ids) have just been released.</summary>
    Task DecisionsReleasedAsync(IReadOnlyCollection<Guid> enrolmentIds, CancellationToken ct = default);
}

/// <summary>Where one component of an award stands for a candidate.</summary>
public enum ComponentOutcome
{
    /// <summary>Not decided yet (not sat, under way, not set up): a release waits for it.</summary>
    Pending,

    /// <summary>The standard is met.</summary>
    Met,

    /// <summary>The standard is not met yet; the result says what the candidate can do next.</summary>
    NotMet,
}

/// <summary>What a component of an award came to for one enrolment, in words every viewer reads alike.</summary>
/// <param name="Outcome">Pending, met or not met.</param>
/// <param name="Summary">What it came to, e.g. "Not yet passed: 0.5 out of 5 (pass mark 60%)".</param>
/// <param name="NextStep">When not met or pending: what the candidate can do, addressed to them, e.g. "You can sit the knowledge assessment again from 3 January 2027."</param>
/// <param name="NextStepFrom">The UK date from which they can do it, when there is one.</param>
/// <param name="Reference">What the result rests on (e.g. a sitting's id), so a later result can be told apart from the one a decision recorded.</param>
public sealed record ComponentResult(ComponentOutcome Outcome, string Summary, string? NextStep = null, DateOnly? NextStepFrom = null, string? Reference = null);

/// <summary>
/// A component of accreditation that another module assesses (the knowledge assessment) and that a programme's decision
/// rule may require beside the portfolio. The marking module reads each through this contract when it decides; the module
/// that assesses the component registers the implementation.
/// </summary>
public interface IAccreditationComponent
{
    /// <summary>The stable key decision rules and recipes name it by, e.g. "knowledge-assessment".</summary>
    string Key { get; }

    /// <summary>Its name as people read it, e.g. "Knowledge assessment".</summary>
    string Name { get; }

    /// <summary>Where the component stands for the enrolment (Portfolios enrolment id), held results included.</summary>
    Task<ComponentResult> ResultAsync(Guid enrolmentId, CancellationToken ct = default);
}

/// <summary>
/// The words for where a person stands with accreditation, the same for every viewer: the candidate, their organisation's
/// admin, lead assessors, the public verification page and the API for local-authority systems.
/// </summary>
public static class OutcomeWords
{
    /// <summary>Every required component met: the accreditation was awarded (and is current).</summary>
    public const string Accredited = "Accredited";

    /// <summary>A decision was released and some required component is not met yet.</summary>
    public const string NotYetAccredited = "Not yet accredited";

    /// <summary>A portfolio is in marking or a decision waits for release.</summary>
    public const string BeingAssessed = "Being assessed";

    /// <summary>An award whose validity ended.</summary>
    public const string Lapsed = "Lapsed";

    /// <summary>An award an admin revoked.</summary>
    public const string Revoked = "Revoked";
}

/// <summary>A practitioner's accreditation, as the API reports it.</summary>
/// <param name="Status">One of <see cref="AccreditationStatuses"/>' codes; null when nothing is known yet.</param>
/// <param name="Framework">The KSS framework key the status is against, e.g. "practice-leader".</param>
/// <param name="AwardedOn">When accreditation was awarded.</param>
/// <param name="ExpiresOn">When it ends unless renewed.</param>
public sealed record AccreditationStatus(string? Status, string? Framework, DateOnly? AwardedOn, DateOnly? ExpiresOn)
{
    /// <summary>Nothing known yet.</summary>
    public static readonly AccreditationStatus Empty = new(null, null, null, null);

    /// <summary>The status in the words the service shows the practitioner and everyone else, e.g. "Not yet accredited"; null when nothing is known yet.</summary>
    public string? StatusText => AccreditationStatuses.Words(Status);
}

/// <summary>The API's accreditation status codes and the words the service's pages use for each.</summary>
public static class AccreditationStatuses
{
    /// <summary>Every required component met; the award is current.</summary>
    public const string Accredited = "accredited";

    /// <summary>A decision was released and a required component is not met yet.</summary>
    public const string NotYetAccredited = "not-yet-accredited";

    /// <summary>A portfolio is being marked, or its decision waits for release.</summary>
    public const string InAssessment = "in-assessment";

    /// <summary>The award's validity ended.</summary>
    public const string Lapsed = "lapsed";

    /// <summary>The award was revoked.</summary>
    public const string Revoked = "revoked";

    /// <summary>Each code with its words, in the order the OpenAPI document lists them.</summary>
    public static readonly IReadOnlyList<(string Code, string Words)> All =
    [
        (Accredited, Core.Contracts.OutcomeWords.Accredited),
        (NotYetAccredited, Core.Contracts.OutcomeWords.NotYetAccredited),
        (InAssessment, Core.Contracts.OutcomeWords.BeingAssessed),
        (Lapsed, Core.Contracts.OutcomeWords.Lapsed),
        (Revoked, Core.Contracts.OutcomeWords.Revoked),
    ];

    /// <summary>The words for a code (null for null or an unknown code).</summary>
    public static string? Words(string? code) => All.FirstOrDefault(s => s.Code == code).Words;
}

/// <summary>Where the accreditation status of people comes from; the accreditation module registers one.</summary>
public interface IAccreditationStatusSource
{
    /// <summary>The status of each of the given people (user ids); people with none may be left out.</summary>
    Task<IReadOnlyDictionary<string, AccreditationStatus>> StatusOfAsync(IReadOnlyCollection<string> userIds, CancellationToken ct);
}
