using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Portfolios.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Submissions;

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
    public bool Verifies => PortfolioSubmission.Hash(SnapshotJson) == ContentHash;

    /// <summary>The snapshot as data.</summary>
    public PortfolioDocument? Document => PortfolioDocument.FromJson(SnapshotJson);
}

/// <summary>A decision the marking module records on a submission.</summary>
public enum SubmissionOutcome
{
    /// <summary>Accredited.</summary>
    Achieved,

    /// <summary>Not yet: the candidate may submit again as a new attempt.</summary>
    NotYet,
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
}

/// <summary>Reads and advances submissions for the marking module.</summary>
public sealed class SubmissionSnapshots(AccreditationDbContext db, IAuditTrail audit, TimeProvider clock, Uploads.PortfolioFileStore files) : ISubmissionSnapshots
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
        return new SubmissionSnapshot(row.s.Id, row.s.Attempt, row.s.SubmittedAt, row.w.Id, row.p.FrameworkVersionId, row.e.OrganisationId, row.s.Status, row.s.SnapshotJson, row.s.ContentHash);
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

        submission.Status = outcome == SubmissionOutcome.Achieved ? SubmissionStatus.Achieved : SubmissionStatus.NotYet;
        submission.StatusChangedAt = clock.GetUtcNow();
        audit.Add("submission.decided", "Submission", submission.Id.ToString(), outcome.ToString());
        await db.SaveChangesAsync(ct);
        return true;
    }

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
}
