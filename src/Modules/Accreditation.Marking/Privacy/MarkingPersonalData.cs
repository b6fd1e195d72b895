using Accreditation.Core.Data;
using Accreditation.Core.Privacy;
using Accreditation.Marking.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Privacy;
using Accreditation.Portfolios.Programmes;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Privacy;

/// <summary>
/// Marking's personal data. For a candidate: their cases (marks, feedback, moderation, appeals) and awards. A case being
/// marked or under appeal holds its portfolio; other cases are deleted; an award stays on the public register for its
/// retention period, with the holder's name and the person's id replaced by a pseudonym. For an assessor: their profile
/// and declared conflicts (deleted) and their finished markings (kept for the moderation record, the marker
/// pseudonymised); markings still allocated to them hold the erasure of their account until they are passed on.
/// </summary>
public sealed class MarkingPersonalData(AccreditationDbContext db, IEnrolments enrolments) : IPersonalDataProvider
{
    /// <inheritdoc />
    public PersonalDataDeclaration Declaration { get; } = new PersonalDataDeclaration()
        .NoPersonalData<Rubric>("Rubrics of framework versions")
        .NoPersonalData<StatementRubric>("What each grade means per statement")
        .Entity<DecisionRule>(ErasureTreatment.Anonymised, "Decision rules: who made each version", r => r.CreatedById)
        .Entity<AssessorProfile>(ErasureTreatment.Deleted, "An assessor's capacity and availability", p => p.UserId)
        .Entity<AssessorConflict>(ErasureTreatment.Deleted, "Conflicts of interest an assessor declared, naming an organisation or a person",
            c => c.UserId, c => c.PersonEmail, c => c.Note)
        .Entity<MarkingCase>(ErasureTreatment.Deleted, "A submission being marked: its portfolio, the lead's rationale and who released it",
            c => c.EnrolmentId, c => c.SubmissionId, c => c.ModerationRationale, c => c.ReleasedById)
        .Entity<AssessorMarking>(ErasureTreatment.Deleted, "One marker's marks on a case: who marked and their overall comment", m => m.AssessorId, m => m.OverallComment)
        .Entity<StatementMark>(ErasureTreatment.Deleted, "A grade and feedback per statement", m => m.Comment)
        .Entity<DecisionComponent>(ErasureTreatment.Deleted, "What each part of a decision found (the knowledge assessment's result, the next step and its date)",
            c => c.CaseId, c => c.Summary, c => c.NextStep, c => c.Reference)
        .Entity<Appeal>(ErasureTreatment.Deleted, "A candidate's grounds for asking for a review", a => a.Grounds)
        .Entity<Award>(ErasureTreatment.Kept, "Accreditations: holder, programme, dates and certificate code (the public register)",
            a => a.HolderId, a => a.HolderName)
        .NoPersonalData<CredentialSigningKey>("The key that signs credentials");

    /// <inheritdoc />
    public async Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct)
    {
        var mine = await EnrolmentIdsAsync(subject, ct);
        var cases = await db.Set<MarkingCase>().AsNoTracking().Include(c => c.Markings).ThenInclude(m => m.Marks)
            .Where(c => mine.Contains(c.EnrolmentId)).AsSplitQuery().OrderBy(c => c.SubmittedAt).ToListAsync(ct);
        var caseIds = cases.Select(c => c.Id).ToList();
        var appeals = await db.Set<Appeal>().AsNoTracking().Where(a => caseIds.Contains(a.CaseId)).ToListAsync(ct);
        var components = await db.Set<DecisionComponent>().AsNoTracking().Where(c => caseIds.Contains(c.CaseId)).ToListAsync(ct);
        export.Add("decisions", cases.Select(c => new
        {
            c.CandidateNumber,
            c.SubmittedAt,
            Status = c.Status.ToString(),
            Decision = c.Status == CaseStatus.Released ? c.Decision?.ToString() : null,
            c.ReleasedAt,
            // What each part of a released decision found (the portfolio, the knowledge assessment...).
            Components = c.Status != CaseStatus.Released
                ? null
                : components.Where(x => x.CaseId == c.Id).OrderBy(x => x.RecordedAt).Select(x => new { x.Name, x.Met, x.Summary, x.NextStep, x.NextStepFrom }).ToList(),
            // Marks are the candidate's once released; before that they are held back like any exam result.
            Feedback = c.Status != CaseStatus.Released
                ? null
                : c.Markings.Where(m => m.Status == MarkingStatus.Submitted).OrderBy(m => m.SubmittedAt).Select(m => new
                {
                    Marking = m.Role.ToString(),
                    m.OverallComment,
                    Statements = m.Marks.OrderBy(x => x.StatementNumber).Select(x => new { Statement = x.StatementNumber, x.Level, x.Comment }).ToList(),
                }).ToList(),
            Appeals = appeals.Where(a => a.CaseId == c.Id).Select(a => new { a.Grounds, a.RequestedAt, Status = a.Status.ToString(), Outcome = a.OutcomeDecision?.ToString(), a.ReleasedAt }).ToList(),
        }).ToList());
        export.Add("accreditations", await db.Set<Award>().AsNoTracking().Where(a => a.HolderId == subject.UserId)
            .Select(a => new { a.HolderName, Programme = a.ProgrammeName, a.AwardedOn, a.ValidUntil, CertificateCode = a.VerificationCode, a.RevokedAt, a.RevocationReason })
            .ToListAsync(ct));
        export.Add("markingYouDid", await (from m in db.Set<AssessorMarking>().AsNoTracking()
                                           join c in db.Set<MarkingCase>() on m.CaseId equals c.Id
                                           where m.AssessorId == subject.UserId
                                           orderby m.AllocatedAt
                                           select new { c.CandidateNumber, Marking = m.Role.ToString(), Status = m.Status.ToString(), m.AllocatedAt, m.SubmittedAt, m.OverallComment })
            .ToListAsync(ct));
        export.Add("assessorProfile", await db.Set<AssessorProfile>().AsNoTracking().Where(p => p.UserId == subject.UserId)
            .Select(p => new { p.Capacity, p.Available }).SingleOrDefaultAsync(ct));
        export.Add("conflictsYouDeclared", await db.Set<AssessorConflict>().AsNoTracking().Where(c => c.UserId == subject.UserId)
            .Select(c => new { c.OrganisationId, c.PersonEmail, c.Note, c.DeclaredAt }).ToListAsync(ct));
    }

    /// <inheritdoc />
    public async Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct)
    {
        var mine = await EnrolmentIdsAsync(subject, ct);
        var cases = await db.Set<MarkingCase>().AsNoTracking().Where(c => mine.Contains(c.EnrolmentId)).ToListAsync(ct);
        var held = await HeldCasesAsync(cases, ct);
        foreach (var (markingCase, why) in held)
        {
            plan.Hold(ErasureHolds.Enrolment(markingCase.EnrolmentId), $"case {markingCase.CandidateNumber}", why);
        }

        plan.Identify(cases.Select(c => c.Id.ToString()));
        plan.Delete("marking cases with their marks, feedback and appeals", cases.Count(c => !plan.IsHeld(ErasureHolds.Enrolment(c.EnrolmentId))));
        plan.Keep("accreditation records (holder, programme, dates and certificate code)", await db.Set<Award>().CountAsync(a => a.HolderId == subject.UserId, ct),
            "Kept on the public register so that employers can verify the accreditation, for the period in the retention schedule; the person's account id is replaced by a pseudonym");

        var open = await db.Set<AssessorMarking>().CountAsync(m => m.AssessorId == subject.UserId && (m.Status == MarkingStatus.Allocated || m.Status == MarkingStatus.InProgress), ct);
        if (open > 0)
        {
            plan.Hold(ErasureHolds.AllocatedWork, $"{open} marking{(open == 1 ? "" : "s")} allocated to the person",
                "A lead assessor must reallocate them (or the person finish them) before the account can be erased");
        }

        plan.Anonymise("markings the person finished as an assessor", await db.Set<AssessorMarking>().CountAsync(m => m.AssessorId == subject.UserId && m.Status != MarkingStatus.Allocated && m.Status != MarkingStatus.InProgress, ct),
            "The marks and feedback are part of the candidates' decisions and the moderation record; the marker is replaced by a pseudonym");
        plan.Delete("assessor profile and declared conflicts of interest",
            await db.Set<AssessorProfile>().CountAsync(p => p.UserId == subject.UserId, ct) + await Conflicts(subject).CountAsync(ct));
        plan.Anonymise("decisions released and rules made by the person as a lead assessor or admin",
            await db.Set<MarkingCase>().CountAsync(c => c.ReleasedById == subject.UserId, ct) + await db.Set<DecisionRule>().CountAsync(r => r.CreatedById == subject.UserId, ct),
            "Kept as the record of the decision; who made it becomes a pseudonym");
    }

    /// <inheritdoc />
    public async Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct)
    {
        var mine = await EnrolmentIdsAsync(subject, ct);
        var cases = await db.Set<MarkingCase>().Where(c => mine.Contains(c.EnrolmentId)).ToListAsync(ct);
        var held = (await HeldCasesAsync(cases, ct)).Select(h => h.Case.Id).ToHashSet();
        var erased = cases.Where(c => !held.Contains(c.Id) && !run.IsHeld(ErasureHolds.Enrolment(c.EnrolmentId))).Select(c => c.Id).ToList();
        if (erased.Count > 0)
        {
            var markings = db.Set<AssessorMarking>().Where(m => erased.Contains(m.CaseId));
            await db.Set<StatementMark>().Where(x => markings.Any(m => m.Id == x.MarkingId)).ExecuteDeleteAsync(ct);
            await db.Set<Appeal>().Where(a => erased.Contains(a.CaseId)).ExecuteDeleteAsync(ct);
            await markings.ExecuteDeleteAsync(ct);
            run.Record("Marking cases deleted", await db.Set<MarkingCase>().Where(c => erased.Contains(c.Id)).ExecuteDeleteAsync(ct));
        }

        var pseudonym = subject.Pseudonym;
        run.Record("Accreditation records kept with the holder pseudonymised", await db.Set<Award>().Where(a => a.HolderId == subject.UserId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.HolderId, pseudonym), ct));
        run.Record("Finished markings pseudonymised", await db.Set<AssessorMarking>()
            .Where(m => m.AssessorId == subject.UserId && m.Status != MarkingStatus.Allocated && m.Status != MarkingStatus.InProgress)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.AssessorId, pseudonym), ct));
        run.Record("Assessor profile deleted", await db.Set<AssessorProfile>().Where(p => p.UserId == subject.UserId).ExecuteDeleteAsync(ct));
        run.Record("Conflicts of interest deleted", await Conflicts(subject).ExecuteDeleteAsync(ct));
        run.Record("Released decisions and rules pseudonymised",
            await db.Set<MarkingCase>().Where(c => c.ReleasedById == subject.UserId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ReleasedById, pseudonym), ct)
            + await db.Set<DecisionRule>().Where(r => r.CreatedById == subject.UserId).ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedById, pseudonym), ct));
    }

    private async Task<List<Guid>> EnrolmentIdsAsync(DataSubject subject, CancellationToken ct) =>
        (await enrolments.OfCandidateAsync(subject.UserId, ct)).Select(e => e.EnrolmentId).ToList();

    private IQueryable<AssessorConflict> Conflicts(DataSubject subject)
    {
        var email = subject.Email?.ToLowerInvariant() ?? "\u0000";
        return db.Set<AssessorConflict>().Where(c => c.UserId == subject.UserId || c.PersonEmail == email);
    }

    /// <summary>Cases that cannot be erased yet, and why: being marked, or an appeal not yet released.</summary>
    private async Task<List<(MarkingCase Case, string Why)>> HeldCasesAsync(List<MarkingCase> cases, CancellationToken ct)
    {
        var ids = cases.Select(c => c.Id).ToList();
        var appealing = (await db.Set<Appeal>().Where(a => ids.Contains(a.CaseId) && a.Status != AppealStatus.Released).Select(a => a.CaseId).ToListAsync(ct)).ToHashSet();
        var held = new List<(MarkingCase, string)>();
        foreach (var markingCase in cases)
        {
            if (markingCase.Status is not (CaseStatus.Released or CaseStatus.Withdrawn))
            {
                held.Add((markingCase, "Marking is in progress: the case is erased when the decision is released and the appeal period has ended or any appeal is decided"));
            }
            else if (appealing.Contains(markingCase.Id))
            {
                held.Add((markingCase, "An appeal is in progress: the case is erased when its outcome is released"));
            }
        }

        return held;
    }
}

/// <summary>
/// Marking's retention kinds: the evidence files of portfolios whose decision is final (removed a period after the
/// appeal window closed), and the accreditation records of erased people (deleted a period after they ended).
/// </summary>
public sealed class MarkingRetention(AccreditationDbContext db, IPortfolioFileRemoval files) : IRetentionRule
{
    /// <summary>Evidence files of decided portfolios.</summary>
    public static readonly RetentionKind DecidedEvidenceFiles = new("DecidedEvidenceFiles", "Evidence files of portfolios whose decision is final",
        "after the appeal window closes (or an appeal's outcome is released)", "Deleted; the portfolio's text and the decision stay", "1 year");

    /// <summary>Accreditation records of erased people.</summary>
    public static readonly RetentionKind ErasedAwardRecords = new("ErasedAwardRecords", "The accreditation record (holder, programme, dates, certificate code) of a person whose account was erased",
        "after the accreditation ends (or was awarded, if it does not lapse)", "Deleted from the public register", "10 years");

    /// <inheritdoc />
    public async Task<int> ApplyAsync(RetentionKind kind, DateTimeOffset cutoff, CancellationToken ct)
    {
        if (kind.Key == DecidedEvidenceFiles.Key)
        {
            return await files.RemoveFilesAsync(await DecidedBeforeAsync(cutoff, ct), ct);
        }

        if (kind.Key == ErasedAwardRecords.Key)
        {
            var day = DateOnly.FromDateTime(cutoff.UtcDateTime);
            return await db.Set<Award>()
                .Where(a => a.HolderId.StartsWith(DataSubject.PseudonymPrefix) && (a.ValidUntil ?? a.AwardedOn) < day)
                .ExecuteDeleteAsync(ct);
        }

        throw new ArgumentException($"Marking retention does not apply {kind.Key}.", nameof(kind));
    }

    /// <summary>
    /// Portfolios every case of which is released (or withdrawn), with no appeal outstanding, whose last appeal window
    /// (release + the rule's appeal days) or appeal outcome ended before the cutoff.
    /// </summary>
    private async Task<List<Guid>> DecidedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var cases = await db.Set<MarkingCase>().AsNoTracking()
            .Select(c => new { c.Id, c.EnrolmentId, c.ProgrammeId, c.Status, c.ReleasedAt, c.DecisionRuleNumber })
            .ToListAsync(ct);
        var appeals = (await db.Set<Appeal>().AsNoTracking().Select(a => new { a.CaseId, a.Status, a.ReleasedAt }).ToListAsync(ct)).ToLookup(a => a.CaseId);
        var rules = (await db.Set<DecisionRule>().AsNoTracking().Select(r => new { r.ProgrammeId, r.Number, r.AppealDays }).ToListAsync(ct))
            .ToDictionary(r => (r.ProgrammeId, r.Number), r => r.AppealDays);
        var decided = new List<Guid>();
        foreach (var portfolio in cases.GroupBy(c => c.EnrolmentId))
        {
            DateTimeOffset? ends = null;
            var final = true;
            foreach (var c in portfolio)
            {
                if (c.Status == CaseStatus.Withdrawn)
                {
                    continue;
                }

                if (c.Status != CaseStatus.Released || c.ReleasedAt is null || appeals[c.Id].Any(a => a.Status != AppealStatus.Released))
                {
                    final = false;
                    break;
                }

                var days = c.DecisionRuleNumber is { } n && rules.TryGetValue((c.ProgrammeId, n), out var d) ? d : new DecisionRule().AppealDays;
                var end = c.ReleasedAt.Value.AddDays(days);
                foreach (var appeal in appeals[c.Id].Where(a => a.ReleasedAt > end))
                {
                    end = appeal.ReleasedAt!.Value;
                }

                ends = ends is null || end > ends ? end : ends;
            }

            if (final && ends is { } last && last < cutoff)
            {
                decided.Add(portfolio.Key);
            }
        }

        return decided;
    }
}
