using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Time;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Data;
using Accreditation.Marking.Rubrics;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Submissions;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Work;

/// <summary>A grade and comment as a marker enters them.</summary>
public sealed record MarkInput(int StatementNumber, int? Level, string? Comment);

/// <summary>What a marker's save or submit came to.</summary>
/// <param name="Version">The marking's new row version when saved.</param>
/// <param name="Errors">Problems by field ("" for the whole form).</param>
/// <param name="IsConflict">Someone saved the marking since the form was loaded: nothing was saved, the form keeps the text.</param>
public sealed record MarkingResult(uint Version, IReadOnlyList<FormError> Errors, bool IsConflict = false) : FormResult(Errors, IsConflict);

/// <summary>A marking opened by its marker, with the snapshot it marks.</summary>
public sealed record OpenMarking(AssessorMarking Marking, MarkingCase Case, SubmissionSnapshot Snapshot, PortfolioDocument Document, RubricView Rubric);

/// <summary>
/// The marker's work: open a marking (which starts marking, so the candidate can no longer withdraw), save grades and
/// comments (optimistic concurrency on the marking's row version: a stale save is refused with 409, never lost silently),
/// submit, and move the case on: second marking for the sample and every borderline or failing snapshot, moderation
/// when markers disagree beyond the tolerance, otherwise ready for release.
/// </summary>
public sealed class MarkingWork(
    AccreditationDbContext db,
    ISubmissionSnapshots snapshots,
    RubricCatalog rubrics,
    DecisionRules rules,
    MarkingAllocation allocation,
    SecondMarkingSample sample,
    TimeProvider clock,
    IIdSource ids,
    IAuditTrail audit)
{
    /// <summary>Longest comment.</summary>
    public const int MaxComment = MarkingModel.CommentLength;

    /// <summary>How many markings a page of the marker's list shows.</summary>
    public const int MarkingsPageSize = 25;

    /// <summary>
    /// One page of the marker's markings with their cases (reallocated ones left out): what is still to mark first, then
    /// what they submitted, each newest first, and how many there are in all. An assessor marks for years, so the list
    /// is paged rather than read whole.
    /// </summary>
    public async Task<(IReadOnlyList<AssessorMarking> Rows, int Total)> MarkingsOfAsync(string assessorId, int page, CancellationToken ct)
    {
        var theirs = db.Set<AssessorMarking>().AsNoTracking()
            .Where(m => m.AssessorId == assessorId && m.Status != MarkingStatus.Reallocated && m.Role != MarkingRole.Agreed);
        var total = await theirs.CountAsync(ct);
        var rows = await theirs.Include(m => m.Case)
            .OrderBy(m => m.Status == MarkingStatus.Submitted ? 1 : 0).ThenByDescending(m => m.AllocatedAt).ThenBy(m => m.Id)
            .Skip((Math.Max(page, 1) - 1) * MarkingsPageSize).Take(MarkingsPageSize).ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>
    /// The marker's marking of the case with its snapshot, or null when the case is not theirs (anyone else, lead
    /// assessors and admins included, gets 404). The first open starts marking.
    /// </summary>
    public async Task<OpenMarking?> OpenAsync(Guid caseId, string assessorId, CancellationToken ct)
    {
        var marking = await db.Set<AssessorMarking>().Include(m => m.Case).Include(m => m.Marks)
            .Where(m => m.CaseId == caseId && m.AssessorId == assessorId && m.Status != MarkingStatus.Reallocated && m.Role != MarkingRole.Agreed)
            .OrderByDescending(m => m.AllocatedAt).FirstOrDefaultAsync(ct);
        if (marking is null)
        {
            return null;
        }

        // Added now, so the snapshot's own read entry (which GetAsync saves at once) carries it in the same write: one
        // commit a view rather than two, on the page assessors open most.
        audit.Add("marking.opened", "Marking", marking.Id.ToString());
        var snapshot = await snapshots.GetAsync(marking.Case!.SubmissionId, ct);
        if (snapshot?.Document is not { } document)
        {
            return null;
        }

        if (marking.Status == MarkingStatus.Allocated)
        {
            if (marking.Role == MarkingRole.First && !await snapshots.MarkMarkingStartedAsync(marking.Case.SubmissionId, ct))
            {
                marking.Status = MarkingStatus.Reallocated;
                marking.Case.Status = CaseStatus.Withdrawn;
                audit.Add("marking.case-withdrawn", "MarkingCase", caseId.ToString());
                await db.SaveChangesAsync(ct);
                return null;
            }

            marking.Status = MarkingStatus.InProgress;
            if (marking.Case.Status == CaseStatus.Allocated)
            {
                marking.Case.Status = CaseStatus.InMarking;
            }

            foreach (var statement in document.Statements.Where(s => marking.Marks.All(m => m.StatementNumber != s.Number)))
            {
                var mark = new StatementMark { Id = ids.NewId(), MarkingId = marking.Id, StatementNumber = statement.Number };
                marking.Marks.Add(mark);
                db.Add(mark);
            }

            audit.Add("marking.started", "Marking", marking.Id.ToString(), marking.Role.ToString());
            await db.SaveChangesAsync(ct);
        }

        return new OpenMarking(marking, marking.Case, snapshot, document, await rubrics.ForVersionAsync(marking.Case.FrameworkVersionId, ct));
    }

    /// <summary>Saves grades and comments if nobody saved the marking since <paramref name="version"/>; with <paramref name="submit"/> also submits.</summary>
    public async Task<MarkingResult> SaveAsync(Guid markingId, uint version, IReadOnlyList<MarkInput> marks, string? overall, bool submit, int levelCount, CancellationToken ct)
    {
        var marking = await db.Set<AssessorMarking>().Include(m => m.Marks).Include(m => m.Case).SingleAsync(m => m.Id == markingId, ct);
        if (marking.Status is not MarkingStatus.InProgress)
        {
            return new MarkingResult(marking.Version, [new("", marking.Status == MarkingStatus.Submitted
                ? "This marking has already been submitted, so it cannot be changed."
                : "This marking has been given to another assessor, so it cannot be saved.")]);
        }

        if (marking.Version != version)
        {
            return await ConflictAsync(marking.Id, marking.Version, ct);
        }

        var validation = Validator.Validate(Entry(marking, marks, overall, submit, levelCount));
        var problems = validation.ToFormErrors();
        if (validation.Errors.Any(e => e.Severity == Severity.Error))
        {
            return new MarkingResult(version, problems);
        }

        // Only problems of completeness are left (on a submit): the marks are saved as a draft and the marker told.
        Apply(marking, marks, overall);
        var now = clock.GetUtcNow();
        marking.SavedAt = now;
        if (submit && problems.Count == 0)
        {
            marking.Status = MarkingStatus.Submitted;
            marking.SubmittedAt = now;
            audit.Add("marking.submitted", "Marking", marking.Id.ToString(), marking.Role.ToString());
            await AdvanceAsync(marking, ct);
        }

        return await PersistAsync(marking, version, submit, problems, ct);
    }

    private static readonly MarkingEntryValidator Validator = new();

    // The form as the validator reads it: one entry per statement of the marking, what was typed where it was typed.
    private static MarkingEntry Entry(AssessorMarking marking, IReadOnlyList<MarkInput> marks, string? overall, bool submit, int levelCount)
    {
        var entries = new List<MarkEntry>();
        for (var i = 0; i < marks.Count; i++)
        {
            if (marking.Marks.Any(m => m.StatementNumber == marks[i].StatementNumber))
            {
                entries.Add(new MarkEntry(i, marks[i].StatementNumber, marks[i].Level, marks[i].Comment?.Trim()));
            }
        }

        // A statement the form did not send keeps what was saved (the form normally sends every one).
        entries.AddRange(marking.Marks.Where(m => !entries.Any(e => e.StatementNumber == m.StatementNumber))
            .Select(m => new MarkEntry(-1, m.StatementNumber, m.Level, m.Comment)));
        return new MarkingEntry(entries, overall?.Trim(), submit, levelCount);
    }

    private static void Apply(AssessorMarking marking, IReadOnlyList<MarkInput> marks, string? overall)
    {
        foreach (var input in marks)
        {
            if (marking.Marks.FirstOrDefault(m => m.StatementNumber == input.StatementNumber) is { } mark)
            {
                mark.Level = input.Level;
                mark.Comment = input.Comment?.Trim() ?? "";
            }
        }

        marking.OverallComment = overall?.Trim() ?? "";
    }

    private async Task<MarkingResult> PersistAsync(AssessorMarking marking, uint version, bool submit, IReadOnlyList<FormError> problems, CancellationToken ct)
    {
        // The marking's row version is the concurrency token: a save from a form loaded before someone else's save is refused.
        db.Entry(marking).Property(m => m.SavedAt).IsModified = true;
        db.Entry(marking).Property(m => m.Version).OriginalValue = version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return await ConflictAsync(marking.Id, version, ct);
        }
        catch (DbUpdateException) when (submit)
        {
            // Two first markings finishing at once took the same sample place: the next submit tries again.
            db.ChangeTracker.Clear();
            return new MarkingResult(version, [new("", "Your marks could not be submitted just now because of another assessor's submission. Select Submit again.")]);
        }

        await AllocateSecondIfNeededAsync(ct);
        return new MarkingResult(marking.Version, problems);
    }

    private async Task<MarkingResult> ConflictAsync(Guid markingId, uint version, CancellationToken ct)
    {
        await audit.RecordAsync("marking.save-conflict", "Marking", markingId.ToString(), ct: ct);
        return new MarkingResult(version, [new("", Conflict)], IsConflict: true);
    }

    /// <summary>The message a stale save gets.</summary>
    public const string Conflict =
        "Someone else saved this marking after you opened it (perhaps you, in another tab or window). Nothing you typed has been lost: " +
        "your version is still in the form below, beside the saved one. Check both, then save again.";

    /// <summary>Moves the case on once a marking is submitted.</summary>
    private async Task AdvanceAsync(AssessorMarking marking, CancellationToken ct)
    {
        var markingCase = marking.Case!;
        var rule = await rules.CurrentAsync(markingCase.ProgrammeId, ct);
        var levels = marking.Marks.Select(m => m.Level ?? 0).ToList();
        switch (marking.Role)
        {
            case MarkingRole.First:
            {
                markingCase.Status = CaseStatus.Marked;
                var result = DecisionRules.Apply(rule, levels);
                string? reason = result.Decision == Decision.NotYetAccredited ? SecondMarkingReasons.Failing
                    : result.Borderline ? SecondMarkingReasons.Borderline : null;
                if (reason is null)
                {
                    var ordinal = (await db.Set<MarkingCase>().MaxAsync(c => c.SampleOrdinal, ct) ?? -1) + 1;
                    markingCase.SampleOrdinal = ordinal;
                    if (sample.IsSampled(ordinal, rule.SamplePercent))
                    {
                        reason = SecondMarkingReasons.Sample;
                    }
                }

                if (reason is null)
                {
                    Finalise(markingCase, rule, result.Decision);
                }
                else
                {
                    markingCase.SecondMarkingReason = reason;
                    markingCase.Status = CaseStatus.SecondMarking;
                    audit.Add("marking.second-marking-needed", "MarkingCase", markingCase.Id.ToString(), reason);
                    pendingSecond = markingCase.Id;
                }

                break;
            }

            case MarkingRole.Second:
            {
                var first = await db.Set<AssessorMarking>().AsNoTracking().Include(m => m.Marks)
                    .SingleAsync(m => m.CaseId == markingCase.Id && m.Role == MarkingRole.First && m.Status == MarkingStatus.Submitted, ct);
                var firstLevels = first.Marks.ToDictionary(m => m.StatementNumber, m => m.Level ?? 0);
                var firstDecision = DecisionRules.Apply(rule, firstLevels.Values.ToList()).Decision;
                var secondDecision = DecisionRules.Apply(rule, levels).Decision;
                var apart = marking.Marks.Any(m => Math.Abs((m.Level ?? 0) - firstLevels.GetValueOrDefault(m.StatementNumber)) > rule.Tolerance);
                if (apart || firstDecision != secondDecision)
                {
                    markingCase.Status = CaseStatus.InModeration;
                    audit.Add("marking.disagreement", "MarkingCase", markingCase.Id.ToString(), apart ? "grades apart beyond the tolerance" : "different decisions");
                    pendingModeration = markingCase.Id;
                }
                else
                {
                    Finalise(markingCase, rule, firstDecision);
                }

                break;
            }

            case MarkingRole.Review:
            {
                // A review applies the rule version the decision was made under, not a later one.
                var decidedUnder = markingCase.DecisionRuleNumber is { } number ? await rules.VersionAsync(markingCase.ProgrammeId, number, ct) : rule;
                var appeal = await db.Set<Appeal>().SingleAsync(a => a.ReviewMarkingId == marking.Id, ct);
                appeal.Status = AppealStatus.Reviewed;
                appeal.OutcomeDecision = DecisionRules.Apply(decidedUnder, levels).Decision;
                audit.Add("appeal.reviewed", "Appeal", appeal.Id.ToString(), appeal.OutcomeDecision.ToString());
                break;
            }
        }
    }

    private Guid? pendingSecond;
    private Guid? pendingModeration;

    /// <summary>
    /// After a submit: allocates a second marker when the first marking asked for one (the case waits for a lead assessor
    /// when nobody is eligible), and checks that some lead assessor can moderate a case that has gone to moderation.
    /// </summary>
    public async Task AllocateSecondIfNeededAsync(CancellationToken ct)
    {
        if (pendingSecond is { } caseId)
        {
            pendingSecond = null;
            await allocation.AllocateAsync(caseId, MarkingRole.Second, ct);
        }

        if (pendingModeration is { } moderated)
        {
            pendingModeration = null;
            await allocation.RecheckModerationAsync(moderated, ct);
        }
    }

    /// <summary>
    /// Marks final under the rule: the portfolio's outcome is recorded and the case is ready for release. The decision on
    /// the award is made at release, over every component the rule requires.
    /// </summary>
    public static void Finalise(MarkingCase markingCase, DecisionRule rule, Decision portfolioDecision)
    {
        markingCase.PortfolioDecision = portfolioDecision;
        markingCase.DecisionRuleNumber = rule.Number;
        markingCase.Status = CaseStatus.ReadyForRelease;
    }
}
