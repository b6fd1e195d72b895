namespace Accreditation.Portfolios.Contracts;

/// <summary>A candidate's enrolment as other modules read it: the programme, the window's dates and the adjustment request.</summary>
/// <param name="EnrolmentId">The enrolment (portfolio) id.</param>
/// <param name="CandidateId">The candidate's user id.</param>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="ProgrammeName">The programme's name.</param>
/// <param name="WindowId">The assessment window.</param>
/// <param name="WindowName">The window's name.</param>
/// <param name="OpensOn">First UK day of the window.</param>
/// <param name="ClosesOn">Last UK day of the window.</param>
/// <param name="AdjustmentsRequest">The candidate's free-text request for reasonable adjustments, if any.</param>
public sealed record EnrolmentSummary(
    Guid EnrolmentId,
    string CandidateId,
    Guid ProgrammeId,
    string ProgrammeName,
    Guid WindowId,
    string WindowName,
    DateOnly OpensOn,
    DateOnly ClosesOn,
    string? AdjustmentsRequest);

/// <summary>The Portfolios module's read-only contract on programmes and enrolments (used by the knowledge assessment).</summary>
public interface IEnrolments
{
    /// <summary>Every programme, by name.</summary>
    Task<IReadOnlyList<ProgrammeSummary>> ProgrammesAsync(CancellationToken ct = default);

    /// <summary>The candidate's enrolments, newest window first.</summary>
    Task<IReadOnlyList<EnrolmentSummary>> OfCandidateAsync(string candidateId, CancellationToken ct = default);

    /// <summary>One enrolment, or null.</summary>
    Task<EnrolmentSummary?> FindAsync(Guid enrolmentId, CancellationToken ct = default);

    /// <summary>Every enrolment in the programme's windows.</summary>
    Task<IReadOnlyList<EnrolmentSummary>> OfProgrammeAsync(Guid programmeId, CancellationToken ct = default);
}
