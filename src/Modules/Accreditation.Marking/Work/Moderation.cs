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
        if (markingCase.Status != CaseStatus.InModeration)
        {
            return [new FormError("", "This portfolio is not waiting for moderation.")];
        }

        if (await WhyNotModerateAsync(caseId, leadId, ct) is { } refused)
        {
            return [new FormError("", refused)];
        }

        if (markingCase.Version != caseVersion)
        {
            return [new FormError("", "Another lead assessor changed this portfolio after you opened it. Nothing was saved: check the page again.")];
        }

        var errors = new List<FormError>();
        var first = markingCase.Markings.Single(m => m.Role == MarkingRole.First && m.Status == MarkingStatus.Submitted);
        var agreed = new AssessorMarking { Id = ids.NewId(), CaseId = caseId, Role = MarkingRole.Agreed, AssessorId = leadId, Status = MarkingStatus.Submitted, AllocatedAt = clock.GetUtcNow(), SubmittedAt = clock.GetUtcNow(), SavedAt = clock.GetUtcNow() };
        for (var i = 0; i < first.Marks.Count; i++)
        {
            var number = first.Marks.OrderBy(m => m.StatementNumber).ElementAt(i).StatementNumber;
            var input = marks.FirstOrDefault(m => m.StatementNumber == number);
            if (input?.Level is not { } level || level < 0 || level >= levelCount)
            {
                errors.Add(new FormError($"Marks[{i}].Level", $"Choose the agreed grade for statement {number}"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(input.Comment) || input.Comment.Length > MarkingWork.MaxComment)
            {
                errors.Add(new FormError($"Marks[{i}].Comment", $"Write the agreed feedback on statement {number}"));
                continue;
            }

            agreed.Marks.Add(new StatementMark { Id = ids.NewId(), MarkingId = agreed.Id, StatementNumber = number, Level = level, Comment = input.Comment.Trim() });
        }

        if (string.IsNullOrWhiteSpace(overall) || overall.Length > MarkingWork.MaxComment)
        {
            errors.Add(new FormError("OverallComment", "Write the agreed overall comment"));
        }

        if (string.IsNullOrWhiteSpace(rationale) || rationale.Length > MarkingModel.CommentLength)
        {
            errors.Add(new FormError("Rationale", "Explain why these are the agreed marks"));
        }

        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return errors;
        }

        agreed.OverallComment = overall!.Trim();
        db.Add(agreed);
        markingCase.ModerationRationale = rationale!.Trim();
        var rule = await rules.CurrentAsync(markingCase.ProgrammeId, ct);
        MarkingWork.Finalise(markingCase, rule, DecisionRules.Apply(rule, agreed.Marks.Select(m => m.Level!.Value).ToList()).Decision);
        audit.Add("marking.moderated", "MarkingCase", caseId.ToString(), markingCase.PortfolioDecision.ToString());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return [new FormError("", "Another lead assessor changed this portfolio after you opened it. Nothing was saved: check the page again.")];
        }

        return [];
    }
}
