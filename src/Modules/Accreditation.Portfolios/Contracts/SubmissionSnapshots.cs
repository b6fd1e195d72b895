using System.Security.Cryptography;
using System.Text;

namespace Accreditation.Portfolios.Contracts;

/// <summary>A submission as the marking module sees it: the snapshot and its hash, never the candidate's name.</summary>
public sealed record SubmissionSnapshot(
    Guid Id,
    int Attempt,
    DateTimeOffset SubmittedAt,
    Guid WindowId,
    Guid FrameworkVersionId,
    Guid? CandidateOrganisationId,
    SubmissionStatus Status,
    string SnapshotJson,
    string ContentHash)
{
    /// <summary>Whether the snapshot still matches the hash recorded when it was taken.</summary>
    public bool Verifies => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SnapshotJson))) == ContentHash;

    /// <summary>The snapshot as data.</summary>
    public PortfolioDocument? Document => PortfolioDocument.FromJson(SnapshotJson);

    /// <summary>The portfolio (enrolment) the submission belongs to: what decision-release listeners are told about.</summary>
    public Guid EnrolmentId { get; init; }

    /// <summary>The programme it was submitted under.</summary>
    public Guid ProgrammeId { get; init; }
}

/// <summary>
/// The people a submission concerns, for conflict-of-interest checks only (never shown to an assessor): the candidate
/// and the endorsers they asked, by user id and email address (lower case).
/// </summary>
public sealed record SubmissionPeople(Guid SubmissionId, Guid EnrolmentId, string CandidateId, Guid? CandidateOrganisationId, string? CandidateEmail, IReadOnlyList<string> EndorserEmails)
{
    /// <summary>The user ids of the endorsers the candidate asked (and of those a request was reassigned to).</summary>
    public IReadOnlyList<string> EndorserIds { get; init; } = [];

    /// <summary>Whether the person (by user id, or by email address in any case) is one of the endorsers the candidate asked.</summary>
    public bool IsEndorser(string? userId, string? email) =>
        (userId is not null && EndorserIds.Contains(userId, StringComparer.Ordinal)) || IsEndorser(email);

    /// <summary>Whether the address (any case) is the candidate's or an endorser's.</summary>
    public bool Involves(string? email) =>
        !string.IsNullOrWhiteSpace(email) && (string.Equals(CandidateEmail, email.Trim(), StringComparison.OrdinalIgnoreCase) || IsEndorser(email));

    /// <summary>Whether the address (any case) is one of the endorsers the candidate asked.</summary>
    public bool IsEndorser(string? email) =>
        !string.IsNullOrWhiteSpace(email) && EndorserEmails.Contains(email.Trim(), StringComparer.OrdinalIgnoreCase);
}

/// <summary>Who a candidate is: revealed only when decisions are released (to lead assessors, and to email the candidate).</summary>
public sealed record SubmissionCandidate(Guid SubmissionId, Guid EnrolmentId, string UserId, string Name, string? Email, Guid? OrganisationId);

/// <summary>One of a candidate's own submissions, as their results page lists it.</summary>
public sealed record CandidateSubmission(Guid SubmissionId, Guid EnrolmentId, int Attempt, DateTimeOffset SubmittedAt, SubmissionStatus Status, Guid ProgrammeId, string Programme, string Window);

/// <summary>A decision the marking module records on a submission.</summary>
public enum SubmissionOutcome
{
    /// <summary>Accredited.</summary>
    Achieved,

    /// <summary>Not yet: the candidate may submit again as a new attempt.</summary>
    NotYet,

    /// <summary>Not yet, but the portfolio met the standard: another required component is still to be met, so no new attempt is needed.</summary>
    PortfolioMet,
}

/// <summary>
/// The Portfolios module's public contract for marking: read submitted snapshots (blind: the candidate's organisation, to
/// avoid allocating an assessor from it, but never their identity), mark one as "marking started" (after which the
/// candidate can no longer withdraw it) and record the outcome. Every read is audited.
/// </summary>
public interface ISubmissionSnapshots
{
    /// <summary>A submission's snapshot, or null.</summary>
    Task<SubmissionSnapshot?> GetAsync(Guid submissionId, CancellationToken ct = default);

    /// <summary>Submissions waiting for marking (submitted, not withdrawn), oldest first.</summary>
    Task<IReadOnlyList<Guid>> ListAwaitingMarkingAsync(CancellationToken ct = default);

    /// <summary>Marks a submission "marking started"; false when it was withdrawn or is unknown.</summary>
    Task<bool> MarkMarkingStartedAsync(Guid submissionId, CancellationToken ct = default);

    /// <summary>Records the decision on a submission whose marking started; false otherwise.</summary>
    Task<bool> RecordOutcomeAsync(Guid submissionId, SubmissionOutcome outcome, CancellationToken ct = default);

    /// <summary>Opens a file the snapshot refers to (by the id in its file entry), or null when the snapshot does not refer to it.</summary>
    Task<Stream?> OpenFileAsync(Guid submissionId, Guid fileId, CancellationToken ct = default);

    /// <summary>The people the submission concerns, for conflict checks (audited; never for display to assessors); null when unknown.</summary>
    Task<SubmissionPeople?> PeopleOfAsync(Guid submissionId, CancellationToken ct = default);

    /// <summary>The candidate's identity, for release (audited as a reveal); null when unknown.</summary>
    Task<SubmissionCandidate?> CandidateOfAsync(Guid submissionId, string reason, CancellationToken ct = default);

    /// <summary>Every submission of a candidate (their own results page), newest first.</summary>
    Task<IReadOnlyList<CandidateSubmission>> SubmissionsOfCandidateAsync(string userId, CancellationToken ct = default);

    /// <summary>
    /// The enrolments these candidates submitted from, with whose each is, in one query (a local authority's system reads
    /// a page of a hundred practitioners at once).
    /// </summary>
    Task<IReadOnlyDictionary<Guid, string>> SubmittedEnrolmentsOfAsync(IReadOnlyCollection<string> userIds, CancellationToken ct = default);

    /// <summary>Changes a decided submission's outcome (after an appeal review, or when a later component result changes the decision); false when it was not decided.</summary>
    Task<bool> ChangeOutcomeAsync(Guid submissionId, SubmissionOutcome outcome, CancellationToken ct = default);
}
