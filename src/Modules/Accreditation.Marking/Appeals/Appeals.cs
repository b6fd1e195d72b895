using Accreditation.Core.Auditing;
using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Certificates;
using Accreditation.Marking.Data;
using Accreditation.Marking.Decisions;
using Accreditation.Marking.Release;
using Accreditation.Marking.Rubrics;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;
using Accreditation.Portfolios.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Appeals;

/// <summary>
/// Reviews of released decisions: the candidate asks within the programme's review period with grounds; a lead assessor
/// assigns an independent reviewer (never a previous marker, same conflict rules); the reviewer marks afresh; the outcome
/// is released like a decision (email, outcome on the submission, award made or revoked).
/// </summary>
public sealed class Appeals(
    AccreditationDbContext db,
    ISubmissionSnapshots snapshots,
    IProgrammeDirectory programmes,
    DecisionRules rules,
    MarkingAllocation allocation,
    Awards awards,
    DecisionRelease release,
    AwardComponents components,
    IEnumerable<IDecisionReleaseListener> listeners,
    TimeProvider clock,
    IIdSource ids,
    IAuditTrail audit)
{
    /// <summary>Longest grounds.</summary>
    public const int MaxGrounds = 4000;

    /// <summary>The last moment a review can be asked for (under the rule version the decision was made by), or null when the decision is not released.</summary>
    public async Task<DateTimeOffset?> DeadlineAsync(MarkingCase markingCase, CancellationToken ct) =>
        markingCase.ReleasedAt is { } at
            ? at.AddDays((markingCase.DecisionRuleNumber is { } number ? await rules.VersionAsync(markingCase.ProgrammeId, number, ct) : await rules.CurrentAsync(markingCase.ProgrammeId, ct)).AppealDays)
            : null;

    /// <summary>
    /// Why the candidate cannot ask for a review of a released decision now, or null when they can: one was asked for
    /// already, the review period has ended (with its date), or the portfolio met the standard (a "not yet" that rests on
    /// another component, so there is nothing in the marking to review). The results page shows this instead of the form,
    /// and a request posted anyway is refused with the same words.
    /// </summary>
    public async Task<string?> WhyNotAsync(MarkingCase markingCase, CancellationToken ct)
    {
        if (markingCase.Status != CaseStatus.Released)
        {
            return "There is no released decision to review.";
        }

        if (await db.Set<Appeal>().AnyAsync(a => a.CaseId == markingCase.Id, ct))
        {
            return "You have already asked for a review of this decision.";
        }

        if (markingCase is { Decision: Decision.NotYetAccredited, PortfolioDecision: Decision.Accredited })
        {
            return "Your portfolio met the standard, so there is nothing in its marking to review: what is still needed is shown above.";
        }

        if (await DeadlineAsync(markingCase, ct) is { } deadline && clock.GetUtcNow() > deadline)
        {
            return $"The time to ask for a review of this decision ended on {Core.Dates.UkCalendar.Format(deadline)}.";
        }

        return null;
    }

    /// <summary>The candidate asks for a review; an error message when they cannot.</summary>
    public async Task<string?> RequestAsync(Guid caseId, string candidateId, string? grounds, CancellationToken ct)
    {
        var markingCase = await db.Set<MarkingCase>().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        var mine = await snapshots.SubmissionsOfCandidateAsync(candidateId, ct);
        if (markingCase is null || mine.All(s => s.SubmissionId != markingCase.SubmissionId))
        {
            return "There is no released decision to review.";
        }

        if (await WhyNotAsync(markingCase, ct) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrWhiteSpace(grounds))
        {
            return "Explain why you are asking for a review";
        }

        if (grounds.Length > MaxGrounds)
        {
            return $"Your grounds must be {MaxGrounds:N0} characters or fewer";
        }

        var appeal = new Appeal { Id = ids.NewId(), CaseId = caseId, Grounds = grounds.Trim(), RequestedAt = clock.GetUtcNow(), Status = AppealStatus.Requested, OriginalDecision = markingCase.Decision!.Value };
        db.Add(appeal);
        audit.Add("appeal.requested", "Appeal", appeal.Id.ToString());
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Every appeal with its case, newest first.</summary>
    public async Task<IReadOnlyList<(Appeal Appeal, MarkingCase Case)>> ListAsync(CancellationToken ct)
    {
        var rows = await (from a in db.Set<Appeal>().AsNoTracking()
                          join c in db.Set<MarkingCase>().AsNoTracking() on a.CaseId equals c.Id
                          select new { a, c }).ToListAsync(ct);
        return rows.OrderByDescending(r => r.a.RequestedAt).Select(r => (r.a, r.c)).ToList();
    }

    /// <summary>A lead assessor assigns an independent reviewer; the reasons when the reviewer is not eligible.</summary>
    public async Task<IReadOnlyList<string>> AssignReviewerAsync(Guid appealId, string reviewerId, CancellationToken ct)
    {
        var appeal = await db.Set<Appeal>().SingleOrDefaultAsync(a => a.Id == appealId, ct);
        if (appeal is not { Status: AppealStatus.Requested or AppealStatus.UnderReview })
        {
            return ["This review cannot be assigned now."];
        }

        var eligibility = (await allocation.EligibilityAsync(appeal.CaseId, MarkingRole.Review, ct)).FirstOrDefault(e => e.UserId == reviewerId);
        if (eligibility is not { Eligible: true })
        {
            var reasons = eligibility?.Reasons ?? ["is not an active assessor"];
            await audit.RecordAsync("appeal.reviewer-refused", "Appeal", appealId.ToString(), string.Join("; ", reasons), ct);
            return reasons;
        }

        if (appeal.ReviewMarkingId is { } previous && await db.Set<AssessorMarking>().SingleOrDefaultAsync(m => m.Id == previous, ct) is { Status: not MarkingStatus.Submitted } old)
        {
            old.Status = MarkingStatus.Reallocated;
        }

        var marking = new AssessorMarking { Id = ids.NewId(), CaseId = appeal.CaseId, Role = MarkingRole.Review, AssessorId = reviewerId, Status = MarkingStatus.Allocated, AllocatedAt = clock.GetUtcNow() };
        db.Add(marking);
        appeal.ReviewMarkingId = marking.Id;
        appeal.Status = AppealStatus.UnderReview;
        audit.Add("appeal.reviewer-assigned", "Appeal", appeal.Id.ToString(), reviewerId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return ["Another lead assessor changed this review at the same moment. Check the page again."];
        }

        return [];
    }

    /// <summary>Releases a reviewed appeal's outcome; an error message when it is not reviewed.</summary>
    public async Task<string?> ReleaseAsync(Guid appealId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var appeal = await db.Set<Appeal>().SingleOrDefaultAsync(a => a.Id == appealId, ct);
        if (appeal is not { Status: AppealStatus.Reviewed, OutcomeDecision: { } portfolio })
        {
            return "This review has no outcome to release yet.";
        }

        var markingCase = await db.Set<MarkingCase>().SingleAsync(c => c.Id == appeal.CaseId, ct);
        var candidate = await snapshots.CandidateOfAsync(markingCase.SubmissionId, "review outcome released", ct)
            ?? throw new InvalidOperationException("The candidate is unknown.");
        var programme = await programmes.FindAsync(markingCase.ProgrammeId, ct) ?? throw new InvalidOperationException("The programme is unknown.");

        // The review re-marks the portfolio; the decision still needs every other component recorded on it.
        markingCase.PortfolioDecision = portfolio;
        var recorded = await components.RecordedAsync(markingCase, ct);
        var others = recorded.Where(c => c.Key != AwardComponents.PortfolioKey).ToList();
        var portfolioNow = (await components.CheckAsync(markingCase, ct)).Components.First(c => c.Key == AwardComponents.PortfolioKey);
        var check = new DecisionCheck(markingCase.DecisionRuleNumber ?? 0, [portfolioNow, .. others]);
        var outcome = check.Decision ?? Decision.NotYetAccredited;
        await components.RecordAsync(markingCase, check, ct);
        Award? award = null;
        if (outcome != markingCase.Decision)
        {
            await snapshots.ChangeOutcomeAsync(markingCase.SubmissionId,
                outcome == Decision.Accredited ? SubmissionOutcome.Achieved : portfolio == Decision.Accredited ? SubmissionOutcome.PortfolioMet : SubmissionOutcome.NotYet, ct);
            if (outcome == Decision.Accredited)
            {
                award = await awards.AwardAsync(markingCase, candidate.UserId, candidate.Name, programme, ct);
            }
            else
            {
                foreach (var current in await db.Set<Award>().Where(a => a.CaseId == markingCase.Id && a.RevokedAt == null).ToListAsync(ct))
                {
                    awards.Revoke(current, "The decision was changed on review.");
                }
            }

            markingCase.Decision = outcome;
        }

        appeal.OutcomeDecision = outcome;
        appeal.Status = AppealStatus.Released;
        appeal.ReleasedAt = clock.GetUtcNow();
        audit.Add("appeal.released", "Appeal", appeal.Id.ToString(), outcome.ToString());
        await release.EmailAsync(candidate, programme.Name, outcome, markingCase.Id, award, appeal: true, ct, check);
        await db.SaveChangesAsync(ct);
        foreach (var listener in listeners)
        {
            await listener.DecisionsReleasedAsync([markingCase.EnrolmentId], ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return null;
    }
}
