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
