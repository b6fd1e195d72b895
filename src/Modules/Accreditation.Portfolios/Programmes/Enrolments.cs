using Accreditation.Core.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Programmes;

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
