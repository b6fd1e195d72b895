using Accreditation.Core.Data;
using Accreditation.Core.Files;
using Accreditation.Core.Privacy;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Submissions;
using Accreditation.Portfolios.Uploads;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Privacy;

/// <summary>
/// A candidate's portfolios: enrolments, evidence (text, revisions, mappings), uploaded files, endorsements and
/// submitted snapshots. Erasure deletes each portfolio whole, files included, unless it is held: a submission being
/// marked, or a hold another module set on it (an appeal, a sitting under way). Endorsers and nominating admins are
/// not erased with the candidate: their part of a portfolio is anonymised when they are.
/// </summary>
public sealed class PortfolioPersonalData(AccreditationDbContext db, PortfolioDeletion deletion, PortfolioFileStore files) : IPersonalDataProvider
{
    /// <summary>What replaces an erased endorser's name.</summary>
    public const string FormerEndorser = "A former endorser";

    /// <inheritdoc />
    public PersonalDataDeclaration Declaration { get; } = new PersonalDataDeclaration()
        .NoPersonalData<Programme>("Accreditation programmes")
        .NoPersonalData<AssessmentWindow>("Assessment windows")
        .Entity<Enrolment>(ErasureTreatment.Deleted, "A candidate's portfolio: who, who nominated them, their request for adjustments",
            e => e.CandidateId, e => e.NominatedById, e => e.ReasonableAdjustments)
        .Entity<EvidenceItem>(ErasureTreatment.Deleted, "Evidence: reflective accounts, observations (naming a colleague), documents",
            i => i.Title, i => i.Body, i => i.ObserverName, i => i.ObserverRole, i => i.FileId)
        .Entity<EvidenceMapping>(ErasureTreatment.Deleted, "Why an item evidences a statement", m => m.Rationale)
        .Entity<EvidenceRevision>(ErasureTreatment.Deleted, "Earlier versions of evidence text", r => r.Title, r => r.Body)
        .Entity<PortfolioFile>(ErasureTreatment.Deleted, "Uploaded files: their names and the text extracted from them", f => f.FileName, f => f.ExtractedText)
        .Entity<Endorsement>(ErasureTreatment.Deleted, "Endorsement requests: the endorser's name, email address and what they wrote",
            e => e.EndorserName, e => e.EndorserEmail, e => e.ReadinessStatement, e => e.DeclineReasons)
        .Entity<Submission>(ErasureTreatment.Deleted, "Submitted snapshots of a portfolio (blind: no names of the candidate or endorser)", s => s.SnapshotJson)
        .NoPersonalData<SubmissionFile>("Which stored files a snapshot refers to (ids)")
        .Store(DataStoreKind.Files, "portfolio-files", ErasureTreatment.Deleted, "Evidence files candidates uploaded, named by id");

    /// <inheritdoc />
    public async Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct)
    {
        var enrolments = await db.Set<Enrolment>().AsNoTracking().Include(e => e.Window!).ThenInclude(w => w.Programme)
            .Where(e => e.CandidateId == subject.UserId).OrderBy(e => e.EnrolledAt).ToListAsync(ct);
        var ids = enrolments.Select(e => e.Id).ToList();
        var items = await db.Set<EvidenceItem>().AsNoTracking().Include(i => i.Mappings).Include(i => i.Revisions).Include(i => i.File)
            .Where(i => ids.Contains(i.EnrolmentId)).AsSplitQuery().ToListAsync(ct);
        var stored = await db.Set<PortfolioFile>().AsNoTracking().Where(f => ids.Contains(f.EnrolmentId)).ToListAsync(ct);
        var endorsements = await db.Set<Endorsement>().AsNoTracking().Where(e => ids.Contains(e.EnrolmentId)).ToListAsync(ct);
        var submissions = await db.Set<Submission>().AsNoTracking().Where(s => ids.Contains(s.EnrolmentId)).ToListAsync(ct);
        export.Add("portfolios", enrolments.Select(e => new
        {
            Programme = e.Window!.Programme!.Name,
            Window = e.Window.Name,
            Enrolled = e.EnrolledAt,
            e.ReasonableAdjustments,
            Evidence = items.Where(i => i.EnrolmentId == e.Id).OrderBy(i => i.CreatedAt).Select(i => new
            {
                i.Title,
                Kind = i.Kind.ToString(),
                Text = i.Body,
                Colleague = i.ObserverName,
                ColleagueRole = i.ObserverRole,
                File = i.File is null ? null : FilePath(i.File),
                i.CreatedAt,
                i.UpdatedAt,
                Mappings = i.Mappings.Select(m => new { m.StatementId, m.Rationale }).ToList(),
                EarlierVersions = i.Revisions.OrderBy(r => r.Number).Select(r => new { r.Number, r.Title, Text = r.Body, r.SavedAt }).ToList(),
            }).ToList(),
            Files = stored.Where(f => f.EnrolmentId == e.Id).Select(f => new { f.FileName, f.ContentType, f.Length, f.StoredAt, InThisDownload = f.RemovedAt is null ? FilePath(f) : null, Removed = f.RemovedAt }).ToList(),
            Endorsements = endorsements.Where(x => x.EnrolmentId == e.Id).OrderBy(x => x.RequestedAt).Select(x => new
            {
                x.EndorserName,
                x.EndorserEmail,
                x.EndorserRole,
                Status = x.Status.ToString(),
                x.RequestedAt,
                x.RespondedAt,
                x.ReadinessStatement,
                x.DeclineReasons,
            }).ToList(),
            Submissions = submissions.Where(s => s.EnrolmentId == e.Id).OrderBy(s => s.Attempt).Select(s => new
            {
                s.Attempt,
                s.SubmittedAt,
                Status = s.Status.ToString(),
                s.ContentHash,
                Snapshot = PortfolioDocument.FromJson(s.SnapshotJson),
            }).ToList(),
        }).ToList());
        foreach (var file in stored.Where(f => f.RemovedAt is null))
        {
            export.AddFile(FilePath(file), $"Evidence file {file.FileName}", () => files.Open(file.Id));
        }

        if (subject.Email is { Length: > 0 } email)
        {
            export.Add("endorsementsYouWereAskedFor", await db.Set<Endorsement>().AsNoTracking().Where(x => x.EndorserEmail == email)
                .Select(x => new { x.EndorserName, x.EndorserRole, Status = x.Status.ToString(), x.RequestedAt, x.RespondedAt, x.ReadinessStatement, x.DeclineReasons })
                .ToListAsync(ct));
        }
    }

    /// <inheritdoc />
    public async Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct)
    {
        var enrolments = await db.Set<Enrolment>().AsNoTracking().Include(e => e.Window!).ThenInclude(w => w.Programme)
            .Where(e => e.CandidateId == subject.UserId).ToListAsync(ct);
        var ids = enrolments.Select(e => e.Id).ToList();
        var beingMarked = await BeingMarkedAsync(ids, ct);
        foreach (var enrolment in enrolments.Where(e => beingMarked.Contains(e.Id)))
        {
            plan.Hold(ErasureHolds.Enrolment(enrolment.Id), $"portfolio for {enrolment.Window!.Programme!.Name}, {enrolment.Window.Name}",
                "It is being marked: it is erased when the decision is released and any appeal has ended");
        }

        var erased = ids.Where(id => !plan.IsHeld(ErasureHolds.Enrolment(id))).ToList();
        plan.Identify(ids.Select(id => id.ToString()));
        plan.Identify((await db.Set<Submission>().Where(s => ids.Contains(s.EnrolmentId)).Select(s => s.Id).ToListAsync(ct)).Select(id => id.ToString()));
        plan.Delete("portfolios (evidence, revisions, endorsements and submitted snapshots)", erased.Count);
        plan.Delete("evidence items", await db.Set<EvidenceItem>().CountAsync(i => erased.Contains(i.EnrolmentId), ct));
        plan.Delete("uploaded evidence files", await db.Set<PortfolioFile>().CountAsync(f => erased.Contains(f.EnrolmentId), ct));
        plan.Anonymise("portfolios the person nominated as an organisation admin", await db.Set<Enrolment>().CountAsync(e => e.NominatedById == subject.UserId, ct),
            "The candidate's portfolio is theirs; only the nominating admin is replaced by a pseudonym");
        if (subject.Email is { Length: > 0 } email)
        {
            plan.Anonymise("endorsements the person was asked to give", await db.Set<Endorsement>().CountAsync(e => e.EndorserEmail == email, ct),
                "The endorsement is part of the candidate's portfolio; the endorser's name and email address are removed");
        }
    }

    /// <inheritdoc />
    public async Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct)
    {
        var ids = await db.Set<Enrolment>().Where(e => e.CandidateId == subject.UserId).Select(e => e.Id).ToListAsync(ct);
        var beingMarked = await BeingMarkedAsync(ids, ct);
        var erased = ids.Where(id => !beingMarked.Contains(id) && !run.IsHeld(ErasureHolds.Enrolment(id))).ToList();
        var outcome = await deletion.DeleteAsync(erased, ct);
        run.Record("Portfolios deleted", outcome.Portfolios);
        run.Record("Uploaded evidence files deleted", outcome.FileIds.Count);
        run.AfterCommit(() =>
        {
            foreach (var id in outcome.FileIds)
            {
                files.Delete(id);
            }
        });
        run.Record("Portfolios the person nominated pseudonymised", await db.Set<Enrolment>().Where(e => e.NominatedById == subject.UserId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.NominatedById, subject.Pseudonym), ct));
        if (subject.Email is { Length: > 0 } email)
        {
            run.Record("Endorsements the person was asked for anonymised", await db.Set<Endorsement>().Where(e => e.EndorserEmail == email)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.EndorserName, FormerEndorser).SetProperty(e => e.EndorserEmail, "")
                    .SetProperty(e => e.ReadinessStatement, e => e.ReadinessStatement == null ? null : "[Removed: the endorser's account was erased.]"), ct));
        }
    }

    /// <summary>Portfolios with a submission being marked (submitted, or marking started).</summary>
    private async Task<HashSet<Guid>> BeingMarkedAsync(IReadOnlyCollection<Guid> enrolmentIds, CancellationToken ct) =>
        (await db.Set<Submission>().Where(s => enrolmentIds.Contains(s.EnrolmentId) && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.MarkingStarted))
            .Select(s => s.EnrolmentId).ToListAsync(ct)).ToHashSet();

    private static string FilePath(PortfolioFile file) => $"evidence/{file.Id:N}-{FileNames.ForArchive(file.FileName)}";
}

/// <summary>What deleting portfolios removed: how many, and the stored files to remove once the deletion commits.</summary>
public sealed record PortfolioDeletionOutcome(int Portfolios, IReadOnlyList<Guid> FileIds);

/// <summary>Deletes whole portfolios in the caller's transaction (erasure and retention share it); the caller removes the files after committing.</summary>
public sealed class PortfolioDeletion(AccreditationDbContext db)
{
    /// <summary>Deletes the portfolios, children first (evidence refers to files, snapshots to files and the enrolment).</summary>
    public async Task<PortfolioDeletionOutcome> DeleteAsync(IReadOnlyCollection<Guid> enrolmentIds, CancellationToken ct)
    {
        if (enrolmentIds.Count == 0)
        {
            return new PortfolioDeletionOutcome(0, []);
        }

        var ids = enrolmentIds.ToList();
        var fileIds = await db.Set<PortfolioFile>().Where(f => ids.Contains(f.EnrolmentId)).Select(f => f.Id).ToListAsync(ct);
        var submissions = db.Set<Submission>().Where(s => ids.Contains(s.EnrolmentId));
        await db.Set<SubmissionFile>().Where(f => submissions.Any(s => s.Id == f.SubmissionId)).ExecuteDeleteAsync(ct);
        await submissions.ExecuteDeleteAsync(ct);
        var items = db.Set<EvidenceItem>().Where(i => ids.Contains(i.EnrolmentId));
        await db.Set<EvidenceMapping>().Where(m => items.Any(i => i.Id == m.ItemId)).ExecuteDeleteAsync(ct);
        await db.Set<EvidenceRevision>().Where(r => items.Any(i => i.Id == r.ItemId)).ExecuteDeleteAsync(ct);
        await items.ExecuteDeleteAsync(ct);
        await db.Set<PortfolioFile>().Where(f => ids.Contains(f.EnrolmentId)).ExecuteDeleteAsync(ct);
        await db.Set<Endorsement>().Where(e => ids.Contains(e.EnrolmentId)).ExecuteDeleteAsync(ct);
        // A window's count of places taken is left as it was: it counts enrolments made, and most windows have closed.
        var deleted = await db.Set<Enrolment>().Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(ct);
        return new PortfolioDeletionOutcome(deleted, fileIds);
    }
}

/// <summary>Removes evidence files for <see cref="IPortfolioFileRemoval"/>.</summary>
public sealed class PortfolioFileRemoval(AccreditationDbContext db, PortfolioFileStore files, TimeProvider clock) : IPortfolioFileRemoval
{
    /// <summary>The name a removed file's record keeps.</summary>
    public const string RemovedName = "removed";

    /// <inheritdoc />
    public async Task<int> RemoveFilesAsync(IReadOnlyCollection<Guid> enrolmentIds, CancellationToken ct)
    {
        var ids = enrolmentIds.ToList();
        var removable = await db.Set<PortfolioFile>()
            .Where(f => ids.Contains(f.EnrolmentId) && f.RemovedAt == null
                && !db.Set<Submission>().Any(s => s.EnrolmentId == f.EnrolmentId && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.MarkingStarted)))
            .Select(f => f.Id).ToListAsync(ct);
        if (removable.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        await db.Set<PortfolioFile>().Where(f => removable.Contains(f.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RemovedAt, now).SetProperty(f => f.FileName, RemovedName).SetProperty(f => f.ExtractedText, ""), ct);
        foreach (var id in removable)
        {
            files.Delete(id);
        }

        return removable.Count;
    }
}

/// <summary>Deletes portfolios never submitted (or only withdrawn) that nobody has touched for the retention period.</summary>
public sealed class UntouchedPortfolioRetention(AccreditationDbContext db, PortfolioDeletion deletion, PortfolioFileStore files) : IRetentionRule
{
    /// <summary>The kind.</summary>
    public static readonly RetentionKind Kind = new("UntouchedPortfolios", "Portfolios never submitted (or withdrawn), with their evidence and files", "after they were last changed", "Deleted", "2 years");

    /// <inheritdoc />
    public async Task<int> ApplyAsync(RetentionKind kind, DateTimeOffset cutoff, CancellationToken ct)
    {
        var candidates = await db.Set<Enrolment>()
            .Where(e => e.EnrolledAt < cutoff
                && !db.Set<Submission>().Any(s => s.EnrolmentId == e.Id && s.Status != SubmissionStatus.Withdrawn)
                && !db.Set<EvidenceItem>().Any(i => i.EnrolmentId == e.Id && i.UpdatedAt >= cutoff)
                && !db.Set<PortfolioFile>().Any(f => f.EnrolmentId == e.Id && f.StoredAt >= cutoff)
                && !db.Set<Endorsement>().Any(x => x.EnrolmentId == e.Id && (x.RequestedAt >= cutoff || x.RespondedAt >= cutoff))
                && !db.Set<Submission>().Any(s => s.EnrolmentId == e.Id && s.StatusChangedAt >= cutoff))
            .Select(e => e.Id).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var outcome = await deletion.DeleteAsync(candidates, ct);
        await transaction.CommitAsync(ct);
        foreach (var id in outcome.FileIds)
        {
            files.Delete(id);
        }

        return outcome.Portfolios;
    }
}
