using Accreditation.Core.Identity;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Submissions;

/// <summary>Reads and advances submissions for the marking module.</summary>
public sealed class SubmissionSnapshots(AccreditationDbContext db, IPeopleDirectory people, IAuditTrail audit, TimeProvider clock, Uploads.PortfolioFileStore files) : ISubmissionSnapshots
{
    /// <inheritdoc />
    public async Task<SubmissionSnapshot?> GetAsync(Guid submissionId, CancellationToken ct = default)
    {
        var row = await db.Set<Submission>().AsNoTracking()
            .Join(db.Set<Enrolment>(), s => s.EnrolmentId, e => e.Id, (s, e) => new { s, e })
            .Join(db.Set<AssessmentWindow>(), x => x.e.WindowId, w => w.Id, (x, w) => new { x.s, x.e, w })
            .Join(db.Set<Programme>(), x => x.w.ProgrammeId, p => p.Id, (x, p) => new { x.s, x.e, x.w, p })
            .SingleOrDefaultAsync(x => x.s.Id == submissionId, ct);
        if (row is null)
        {
            return null;
        }

        await audit.RecordAsync("submission.snapshot-read", "Submission", submissionId.ToString(), ct: ct);
        return new SubmissionSnapshot(row.s.Id, row.s.Attempt, row.s.SubmittedAt, row.w.Id, row.p.FrameworkVersionId, row.e.OrganisationId, row.s.Status, row.s.SnapshotJson, row.s.ContentHash)
        {
            EnrolmentId = row.e.Id,
            ProgrammeId = row.p.Id,
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>> ListAwaitingMarkingAsync(CancellationToken ct = default) =>
        await db.Set<Submission>().AsNoTracking().Where(s => s.Status == SubmissionStatus.Submitted)
            .OrderBy(s => s.SubmittedAt).Select(s => s.Id).ToListAsync(ct);

    /// <inheritdoc />
    public async Task<bool> MarkMarkingStartedAsync(Guid submissionId, CancellationToken ct = default)
    {
        var submission = await db.Set<Submission>().SingleOrDefaultAsync(s => s.Id == submissionId, ct);
        if (submission is null || submission.Status is SubmissionStatus.Withdrawn)
        {
            return false;
        }

        if (submission.Status == SubmissionStatus.Submitted)
        {
            submission.Status = SubmissionStatus.MarkingStarted;
            submission.StatusChangedAt = clock.GetUtcNow();
            audit.Add("submission.marking-started", "Submission", submission.Id.ToString());
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Withdrawn at the same moment.
                db.ChangeTracker.Clear();
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public async Task<bool> RecordOutcomeAsync(Guid submissionId, SubmissionOutcome outcome, CancellationToken ct = default)
    {
        var submission = await db.Set<Submission>().SingleOrDefaultAsync(s => s.Id == submissionId, ct);
        if (submission is not { Status: SubmissionStatus.MarkingStarted })
        {
            return false;
        }

        submission.Status = StatusOf(outcome);
        submission.StatusChangedAt = clock.GetUtcNow();
        audit.Add("submission.decided", "Submission", submission.Id.ToString(), outcome.ToString());
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static SubmissionStatus StatusOf(SubmissionOutcome outcome) => outcome switch
    {
        SubmissionOutcome.Achieved => SubmissionStatus.Achieved,
        SubmissionOutcome.PortfolioMet => SubmissionStatus.PortfolioMet,
        _ => SubmissionStatus.NotYet,
    };

    /// <inheritdoc />
    public async Task<Stream?> OpenFileAsync(Guid submissionId, Guid fileId, CancellationToken ct = default)
    {
        if (!await db.Set<SubmissionFile>().AnyAsync(f => f.SubmissionId == submissionId && f.FileId == fileId, ct))
        {
            return null;
        }

        await audit.RecordAsync("submission.file-read", "Submission", submissionId.ToString(), fileId.ToString(), ct);
        return files.Open(fileId);
    }

    /// <inheritdoc />
    public async Task<SubmissionPeople?> PeopleOfAsync(Guid submissionId, CancellationToken ct = default)
    {
        var row = await (from s in db.Set<Submission>().AsNoTracking()
                         join e in db.Set<Enrolment>() on s.EnrolmentId equals e.Id
                         where s.Id == submissionId
                         select new { e.Id, e.CandidateId, e.OrganisationId }).SingleOrDefaultAsync(ct);
        var candidate = row is null ? null : await people.FindAnyAsync(row.CandidateId, ct);
        if (row is null || candidate is null)
        {
            return null;
        }

        var endorsers = await db.Set<Endorsement>().AsNoTracking().Where(x => x.EnrolmentId == row.Id).Select(x => new { x.EndorserEmail, x.EndorserId }).ToListAsync(ct);
        await audit.RecordAsync("submission.people-checked", "Submission", submissionId.ToString(), "conflict check", ct);
        return new SubmissionPeople(submissionId, row.Id, row.CandidateId, row.OrganisationId, candidate.Email.Length > 0 ? candidate.Email.Trim().ToLowerInvariant() : null,
            endorsers.Select(x => x.EndorserEmail.Trim().ToLowerInvariant()).Distinct().ToList())
        {
            EndorserIds = endorsers.Where(x => x.EndorserId is not null).Select(x => x.EndorserId!).Distinct().ToList(),
        };
    }

    /// <inheritdoc />
    public async Task<SubmissionCandidate?> CandidateOfAsync(Guid submissionId, string reason, CancellationToken ct = default)
    {
        var row = await (from s in db.Set<Submission>().AsNoTracking()
                         join e in db.Set<Enrolment>() on s.EnrolmentId equals e.Id
                         where s.Id == submissionId
                         select new { EnrolmentId = e.Id, e.CandidateId, e.OrganisationId }).SingleOrDefaultAsync(ct);
        var candidate = row is null ? null : await people.FindAnyAsync(row.CandidateId, ct);
        if (row is null || candidate is null)
        {
            return null;
        }

        audit.Add("submission.candidate-revealed", "Submission", submissionId.ToString(), reason);
        await db.SaveChangesAsync(ct);
        return new SubmissionCandidate(submissionId, row.EnrolmentId, candidate.Id, candidate.DisplayName, candidate.Email.Length > 0 ? candidate.Email : null, row.OrganisationId);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CandidateSubmission>> SubmissionsOfCandidateAsync(string userId, CancellationToken ct = default)
    {
        var rows = await (from s in db.Set<Submission>().AsNoTracking()
                          join e in db.Set<Enrolment>() on s.EnrolmentId equals e.Id
                          join w in db.Set<AssessmentWindow>() on e.WindowId equals w.Id
                          join p in db.Set<Programme>() on w.ProgrammeId equals p.Id
                          where e.CandidateId == userId
                          select new CandidateSubmission(s.Id, e.Id, s.Attempt, s.SubmittedAt, s.Status, p.Id, p.Name, w.Name)).ToListAsync(ct);
        return rows.OrderByDescending(r => r.SubmittedAt).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<Guid, string>> SubmittedEnrolmentsOfAsync(IReadOnlyCollection<string> userIds, CancellationToken ct = default)
    {
        var ids = userIds.Distinct().ToList();
        var rows = await (from e in db.Set<Enrolment>().AsNoTracking()
                          where ids.Contains(e.CandidateId) && db.Set<Submission>().Any(s => s.EnrolmentId == e.Id)
                          select new { e.Id, e.CandidateId }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => r.CandidateId);
    }

    /// <inheritdoc />
    public async Task<bool> ChangeOutcomeAsync(Guid submissionId, SubmissionOutcome outcome, CancellationToken ct = default)
    {
        var submission = await db.Set<Submission>().SingleOrDefaultAsync(s => s.Id == submissionId, ct);
        if (submission is not { Status: SubmissionStatus.NotYet or SubmissionStatus.Achieved or SubmissionStatus.PortfolioMet })
        {
            return false;
        }

        var status = StatusOf(outcome);
        if (submission.Status != status)
        {
            submission.Status = status;
            submission.StatusChangedAt = clock.GetUtcNow();
            audit.Add("submission.decision-changed", "Submission", submission.Id.ToString(), outcome.ToString());
            await db.SaveChangesAsync(ct);
        }

        return true;
    }
}
