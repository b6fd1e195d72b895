using Accreditation.Core.Data;
using Accreditation.Portfolios.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Programmes;

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

/// <summary>Reads enrolments for <see cref="IEnrolments"/>.</summary>
public sealed class Enrolments(AccreditationDbContext db) : IEnrolments
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ProgrammeSummary>> ProgrammesAsync(CancellationToken ct = default) =>
        (await db.Set<Programme>().AsNoTracking().Select(p => new ProgrammeSummary(p.Id, p.Name, p.FrameworkKey, p.FrameworkVersionId, p.FrameworkVersionNumber, p.AccreditationValidYears, p.RenewalRequiresCpd)).ToListAsync(ct))
        .OrderBy(p => p.Name, StringComparer.Ordinal).ToList();

    /// <inheritdoc />
    public async Task<IReadOnlyList<EnrolmentSummary>> OfCandidateAsync(string candidateId, CancellationToken ct = default) =>
        (await Query(e => e.CandidateId == candidateId, _ => true).ToListAsync(ct)).OrderByDescending(e => e.OpensOn).ToList();

    /// <inheritdoc />
    public Task<EnrolmentSummary?> FindAsync(Guid enrolmentId, CancellationToken ct = default) =>
        Query(e => e.Id == enrolmentId, _ => true).SingleOrDefaultAsync(ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<EnrolmentSummary>> OfProgrammeAsync(Guid programmeId, CancellationToken ct = default) =>
        await Query(_ => true, w => w.ProgrammeId == programmeId).ToListAsync(ct);

    // Filters go on the entities: a filter on the projected record cannot be translated to SQL.
    private IQueryable<EnrolmentSummary> Query(System.Linq.Expressions.Expression<Func<Enrolment, bool>> enrolment, System.Linq.Expressions.Expression<Func<AssessmentWindow, bool>> window) =>
        from e in db.Set<Enrolment>().AsNoTracking().Where(enrolment)
        join w in db.Set<AssessmentWindow>().Where(window) on e.WindowId equals w.Id
        join p in db.Set<Programme>() on w.ProgrammeId equals p.Id
        select new EnrolmentSummary(e.Id, e.CandidateId, p.Id, p.Name, w.Id, w.Name, w.OpensOn, w.ClosesOn, e.ReasonableAdjustments);
}
