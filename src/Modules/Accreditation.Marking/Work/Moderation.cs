using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Time;
using Accreditation.Marking.Data;
using Accreditation.Marking.Rubrics;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Work;

/// <summary>
/// A lead assessor's agreement of marks when two markers disagree beyond the tolerance: the agreed grade and feedback per
/// statement, with a rationale; the case is then ready for release. Also the final marks of any case.
/// </summary>
public sealed class Moderation(AccreditationDbContext db, DecisionRules rules, Allocation.MarkingAllocation allocation, TimeProvider clock, IIdSource ids, IAuditTrail audit)
{
    /// <summary>Why this lead assessor may not agree the case's marks (they mark it, or have a conflict with it), or null when they may.</summary>
    public async Task<string?> WhyNotModerateAsync(Guid caseId, string leadId, CancellationToken ct) =>
        WhyNot((await allocation.ModeratorsAsync(caseId, ct)).FirstOrDefault(m => m.UserId == leadId));

    /// <summary>The refusal for a lead assessor's eligibility to moderate, in their own words; null when they may.</summary>
    public static string? WhyNot(Allocation.Eligibility? moderator)
    {
        if (moderator is null)
        {
            return "Only an active lead assessor can agree the marks.";
        }

        if (moderator.Eligible)
        {
            return null;
        }

        if (moderator.Reasons.Contains("marks this portfolio"))
        {
            return "You marked this portfolio, so another lead assessor must agree its marks.";
        }

        var yours = moderator.Reasons.Select(r => r.StartsWith("works ", StringComparison.Ordinal) ? "work " + r[6..]
            : r.StartsWith("is ", StringComparison.Ordinal) ? "are " + r[3..] : r);
        return $"You cannot agree the marks of this portfolio because you {string.Join(" and ", yours)}: another lead assessor must agree them.";
    }

    /// <summary>The marks that stand: a released review, else the agreed marks, else the first marker's.</summary>
    public static AssessorMarking? FinalOf(IEnumerable<AssessorMarking> markings, IEnumerable<Appeal>? appeals = null)
    {
        var all = markings.Where(m => m.Status == MarkingStatus.Submitted).ToList();
        var reviewed = appeals?.Where(a => a.Status == AppealStatus.Released && a.ReviewMarkingId is not null).OrderByDescending(a => a.ReleasedAt).FirstOrDefault();
        return (reviewed is null ? null : all.FirstOrDefault(m => m.Id == reviewed.ReviewMarkingId))
            ?? all.FirstOrDefault(m => m.Role == MarkingRole.Agreed)
            ?? all.FirstOrDefault(m => m.Role == MarkingRole.First);
    }

    /// <summary>Records agreed marks; errors by field when something is missing, or the case is not in moderation.</summary>
    public async Task<IReadOnlyList<FormError>> AgreeAsync(Guid caseId, uint caseVersion, string leadId, IReadOnlyList<MarkInput> marks, string? overall, string? rationale, int levelCount, CancellationToken ct)
    {
        var markingCase = await db.Set<MarkingCase>().Include(c => c.Markings).ThenInclude(m => m.Marks).AsSplitQuery().SingleAsync(c => c.Id == caseId, ct);
        if (await WhyNotAgreeAsync(markingCase, caseVersion, leadId, ct) is { } refused)
        {
            return [new FormError("", refused)];
        }

        var entry = Entry(markingCase, marks, overall, rationale);
        var validation = new AgreedMarksValidator(levelCount).Validate(entry);
        if (!validation.IsValid)
        {
            db.ChangeTracker.Clear();
            return validation.ToFormErrors();
        }

        var agreed = Agreed(caseId, leadId, entry);
        db.Add(agreed);
        markingCase.ModerationRationale = entry.Rationale!.Trim();
        var rule = await rules.CurrentAsync(markingCase.ProgrammeId, ct);
        MarkingWork.Finalise(markingCase, rule, DecisionRules.Apply(rule, agreed.Marks.Select(m => m.Level!.Value).ToList()).Decision);
        audit.Add("marking.moderated", "MarkingCase", caseId.ToString(), markingCase.PortfolioDecision.ToString());
        return await PersistAsync(ct);
    }

    private const string Changed = "Another lead assessor changed this portfolio after you opened it. Nothing was saved: check the page again.";

    // Why this lead assessor cannot agree the marks now: the case is not in moderation, they may not, or the page is stale.
    private async Task<string?> WhyNotAgreeAsync(MarkingCase markingCase, uint caseVersion, string leadId, CancellationToken ct)
    {
        if (markingCase.Status != CaseStatus.InModeration)
        {
            return "This portfolio is not waiting for moderation.";
        }

        return await WhyNotModerateAsync(markingCase.Id, leadId, ct) ?? (markingCase.Version != caseVersion ? Changed : null);
    }

    // The form as the validator reads it: one mark per statement of the first marking, in statement order.
    private static AgreedMarks Entry(MarkingCase markingCase, IReadOnlyList<MarkInput> marks, string? overall, string? rationale)
    {
        var first = markingCase.Markings.Single(m => m.Role == MarkingRole.First && m.Status == MarkingStatus.Submitted);
        return new AgreedMarks(
            first.Marks.OrderBy(m => m.StatementNumber)
                .Select(m => marks.FirstOrDefault(i => i.StatementNumber == m.StatementNumber) is { } input
                    ? new AgreedMark(m.StatementNumber, input.Level, input.Comment)
                    : new AgreedMark(m.StatementNumber, null, null))
                .ToList(),
            overall,
            rationale);
    }

    private AssessorMarking Agreed(Guid caseId, string leadId, AgreedMarks entry)
    {
        var now = clock.GetUtcNow();
        var agreed = new AssessorMarking { Id = ids.NewId(), CaseId = caseId, Role = MarkingRole.Agreed, AssessorId = leadId, Status = MarkingStatus.Submitted };
        (agreed.AllocatedAt, agreed.SubmittedAt, agreed.SavedAt, agreed.OverallComment) = (now, now, now, entry.OverallComment!.Trim());
        agreed.Marks.AddRange(entry.Marks.Select(m => new StatementMark { Id = ids.NewId(), MarkingId = agreed.Id, StatementNumber = m.StatementNumber, Level = m.Level, Comment = m.Comment!.Trim() }));
        return agreed;
    }

    private async Task<IReadOnlyList<FormError>> PersistAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return [new FormError("", Changed)];
        }

        return [];
    }
}
