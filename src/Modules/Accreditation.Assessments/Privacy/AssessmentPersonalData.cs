using Accreditation.Assessments.Data;
using Accreditation.Core.Data;
using Accreditation.Core.Privacy;
using Accreditation.Core.Time;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Privacy;

/// <summary>
/// The knowledge assessment's personal data: a candidate's sittings (their answers and results) and adjustments. A
/// sitting is anonymised rather than deleted, answers included, so the item statistics stay right: it loses its
/// candidate and its portfolio. A sitting under way holds its portfolio until it is submitted. Authors and reviewers
/// of questions are replaced by a pseudonym.
/// </summary>
public sealed class AssessmentPersonalData(AccreditationDbContext db, IEnrolments enrolments, IIdSource ids) : IPersonalDataProvider
{
    /// <inheritdoc />
    public PersonalDataDeclaration Declaration { get; } = new PersonalDataDeclaration()
        .Entity<QuestionItem>(ErasureTreatment.Anonymised, "Questions: who wrote and who reviewed each version", i => i.EditedById, i => i.ReviewedById)
        .NoPersonalData<Blueprint>("How a programme's assessment is drawn")
        .Entity<SittingAdjustment>(ErasureTreatment.Deleted, "A lead assessor's adjustments for a candidate: whose and who set them", a => a.EnrolmentId, a => a.SetById)
        .Entity<Sitting>(ErasureTreatment.Anonymised, "A candidate's sitting: whose it was and their result", s => s.CandidateId, s => s.EnrolmentId)
        .Entity<SittingItem>(ErasureTreatment.Anonymised, "The candidate's answers (kept without the candidate, for item statistics)", i => i.Answer);

    /// <inheritdoc />
    public async Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct)
    {
        export.Add("sittings", await db.Set<Sitting>().AsNoTracking().Where(s => s.CandidateId == subject.UserId).OrderBy(s => s.StartedAt)
            .Select(s => new
            {
                s.Attempt,
                s.StartedAt,
                s.SubmittedAt,
                s.SubmittedByTimeLimit,
                Result = s.ReleasedAt == null ? null : new { s.Score, s.MaxScore, s.Passed, s.GroupFeedback, Released = s.ReleasedAt },
            }).ToListAsync(ct));
        if (await db.Set<Sitting>().AnyAsync(s => s.CandidateId == subject.UserId, ct))
        {
            export.Add("sittingsNote", "The answers you gave are exam scripts, which the law exempts from a copy of your data; results are included once released.");
        }

        var mine = await EnrolmentIdsAsync(subject, ct);
        export.Add("adjustments", await db.Set<SittingAdjustment>().AsNoTracking().Where(a => mine.Contains(a.EnrolmentId))
            .Select(a => new { a.ExtraTimePercent, a.RestBreakMinutes, a.SetAt }).ToListAsync(ct));
    }

    /// <inheritdoc />
    public async Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct)
    {
        var sittings = await db.Set<Sitting>().AsNoTracking().Where(s => s.CandidateId == subject.UserId).ToListAsync(ct);
        foreach (var active in sittings.Where(s => s.Status == SittingStatus.Active))
        {
            plan.Hold(ErasureHolds.Enrolment(active.EnrolmentId), $"knowledge assessment sitting (attempt {active.Attempt})",
                "It is under way: it is erased once submitted, at the latest when its time runs out");
        }

        plan.Identify(sittings.Select(s => s.Id.ToString()));
        plan.Anonymise("knowledge assessment sittings and answers", sittings.Count(s => s.Status != SittingStatus.Active && !plan.IsHeld(ErasureHolds.Enrolment(s.EnrolmentId))),
            "Answers are kept without the candidate so that the question statistics stay right");
        var mine = await EnrolmentIdsAsync(subject, ct);
        plan.Delete("reasonable adjustments to the assessment", await db.Set<SittingAdjustment>().CountAsync(a => mine.Contains(a.EnrolmentId), ct));
        plan.Anonymise("questions and adjustments the person wrote, reviewed or set",
            await db.Set<QuestionItem>().CountAsync(i => i.EditedById == subject.UserId || i.ReviewedById == subject.UserId, ct)
            + await db.Set<SittingAdjustment>().CountAsync(a => a.SetById == subject.UserId, ct),
            "The question bank stays; who wrote or reviewed becomes a pseudonym");
    }

    /// <inheritdoc />
    public async Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct)
    {
        var sittings = await db.Set<Sitting>()
            .Where(s => s.CandidateId == subject.UserId && s.Status != SittingStatus.Active).ToListAsync(ct);
        var anonymised = 0;
        foreach (var sitting in sittings.Where(s => !run.IsHeld(ErasureHolds.Enrolment(s.EnrolmentId))))
        {
            sitting.CandidateId = subject.Pseudonym;
            sitting.EnrolmentId = ids.NewId();
            anonymised++;
        }

        run.Record("Sittings anonymised", anonymised);
        var mine = await EnrolmentIdsAsync(subject, ct);
        var erasable = mine.Where(id => !run.IsHeld(ErasureHolds.Enrolment(id))).ToList();
        run.Record("Adjustments deleted", await db.Set<SittingAdjustment>().Where(a => erasable.Contains(a.EnrolmentId)).ExecuteDeleteAsync(ct));
        var pseudonym = subject.Pseudonym;
        run.Record("Questions and adjustments pseudonymised",
            await db.Set<QuestionItem>().Where(i => i.EditedById == subject.UserId).ExecuteUpdateAsync(s => s.SetProperty(i => i.EditedById, pseudonym), ct)
            + await db.Set<QuestionItem>().Where(i => i.ReviewedById == subject.UserId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ReviewedById, pseudonym), ct)
            + await db.Set<SittingAdjustment>().Where(a => a.SetById == subject.UserId).ExecuteUpdateAsync(s => s.SetProperty(a => a.SetById, pseudonym), ct));
    }

    private async Task<List<Guid>> EnrolmentIdsAsync(DataSubject subject, CancellationToken ct) =>
        (await enrolments.OfCandidateAsync(subject.UserId, ct)).Select(e => e.EnrolmentId).ToList();
}

/// <summary>Anonymises sittings whose result was released longer ago than the retention period: the answers stay for the item statistics.</summary>
public sealed class SittingRetention(AccreditationDbContext db, IIdSource ids) : IRetentionRule
{
    /// <summary>The kind.</summary>
    public static readonly RetentionKind Kind = new("SittingAnswers", "Knowledge assessment answers and results", "after the result is released",
        "Anonymised: the answers stay, without the candidate, for question statistics", "2 years");

    /// <inheritdoc />
    public async Task<int> ApplyAsync(RetentionKind kind, DateTimeOffset cutoff, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            // In batches, each saved, so a large backlog neither holds thousands of rows nor one long transaction.
            var sittings = await db.Set<Sitting>()
                .Where(s => s.Status == SittingStatus.Submitted && s.ReleasedAt != null && s.ReleasedAt < cutoff && !s.CandidateId.StartsWith(DataSubject.PseudonymPrefix))
                .OrderBy(s => s.Id)
                .Take(500)
                .ToListAsync(ct);
            if (sittings.Count == 0)
            {
                return total;
            }

            foreach (var sitting in sittings)
            {
                var id = ids.NewId();
                sitting.CandidateId = DataSubject.PseudonymPrefix + id.ToString("N")[^10..].ToUpperInvariant();
                sitting.EnrolmentId = id;
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            total += sittings.Count;
        }
    }
}
