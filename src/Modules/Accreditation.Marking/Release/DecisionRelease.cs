using System.Net;
using Accreditation.Core.Auditing;
using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Web;
using Accreditation.Marking.Certificates;
using Accreditation.Marking.Data;
using Accreditation.Marking.Decisions;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;
using Accreditation.Portfolios.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Release;

/// <summary>What a release came to.</summary>
/// <param name="Released">The cases released (or whose decision was made again).</param>
/// <param name="Problems">Why others were not.</param>
public sealed record ReleaseResult(IReadOnlyList<Guid> Released, IReadOnlyList<string> Problems);

/// <summary>A case a lead assessor may release now, or why not yet.</summary>
/// <param name="Case">The case.</param>
/// <param name="Check">Its components as they stand.</param>
/// <param name="IsUpdate">True when the decision was released before and a later result (a resit) makes it again.</param>
public sealed record Releasable(MarkingCase Case, DecisionCheck Check, bool IsUpdate)
{
    /// <summary>Whether it can be released now (nothing pending).</summary>
    public bool Ready => Check.Decision is not null;
}

/// <summary>
/// Releases decisions, singly or in bulk, in one transaction. The decision is made over every component the case's rule
/// requires (the portfolio's final marks, and e.g. the knowledge assessment read through its module's contract): while
/// any is pending the release waits and says why; when any is not met the decision is "not yet" with what the candidate
/// can do next; only when all are met is the accreditation awarded. Each component's outcome is recorded on the decision,
/// the outcome on the submission (Portfolios), the candidate emailed through the outbox, and every registered
/// <see cref="IDecisionReleaseListener"/> told; any failure rolls the whole release back. A released "not yet" whose
/// portfolio met the standard is made again when a later result (a resit) arrives.
/// </summary>
public sealed class DecisionRelease(
    AccreditationDbContext db,
    ISubmissionSnapshots snapshots,
    IProgrammeDirectory programmes,
    AwardComponents components,
    Awards awards,
    IEmailOutbox outbox,
    IEnumerable<IDecisionReleaseListener> listeners,
    TimeProvider clock,
    IAuditTrail audit,
    SiteAddress site)
{
    /// <summary>Every case waiting for release (ready or held, with why), then every released decision a later result makes again.</summary>
    public async Task<IReadOnlyList<Releasable>> WaitingAsync(CancellationToken ct)
    {
        var list = new List<Releasable>();
        foreach (var waiting in (await db.Set<MarkingCase>().AsNoTracking().Where(c => c.Status == CaseStatus.ReadyForRelease).ToListAsync(ct)).OrderBy(c => c.SubmittedAt))
        {
            list.Add(new Releasable(waiting, await components.CheckAsync(waiting, ct), false));
        }

        var candidates = await db.Set<MarkingCase>().AsNoTracking()
            .Where(c => c.Status == CaseStatus.Released && c.Decision == Decision.NotYetAccredited && c.PortfolioDecision == Decision.Accredited).ToListAsync(ct);
        foreach (var released in candidates.OrderBy(c => c.SubmittedAt))
        {
            if (await components.UpdateDueAsync(released, ct) is { } check)
            {
                list.Add(new Releasable(released, check, true));
            }
        }

        return list;
    }

    /// <summary>Releases the cases that can be released now; the others are reported with why.</summary>
    public async Task<ReleaseResult> ReleaseAsync(IReadOnlyCollection<Guid> caseIds, string leadId, CancellationToken ct)
    {
        var problems = new List<string>();
        var released = new List<Guid>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var cases = await db.Set<MarkingCase>().Where(c => caseIds.Contains(c.Id)).OrderBy(c => c.SubmittedAt).ToListAsync(ct);
        foreach (var markingCase in cases)
        {
            var update = markingCase.Status == CaseStatus.Released;
            var check = markingCase switch
            {
                { Status: CaseStatus.ReadyForRelease, PortfolioDecision: not null } => await components.CheckAsync(markingCase, ct),
                { Status: CaseStatus.Released } => await components.UpdateDueAsync(markingCase, ct),
                _ => null,
            };
            if (check is null)
            {
                problems.Add(update ? $"{markingCase.CandidateNumber}: the decision has already been released and no later result changes it." : $"{markingCase.CandidateNumber} is not ready for release.");
                continue;
            }

            if (check.Decision is not { } decision)
            {
                problems.Add($"{markingCase.CandidateNumber} is held: {check.HeldBecause}");
                continue;
            }

            var outcome = decision == Decision.Accredited ? SubmissionOutcome.Achieved
                : markingCase.PortfolioDecision == Decision.Accredited ? SubmissionOutcome.PortfolioMet : SubmissionOutcome.NotYet;
            var recorded = update
                ? await snapshots.ChangeOutcomeAsync(markingCase.SubmissionId, outcome, ct)
                : await snapshots.RecordOutcomeAsync(markingCase.SubmissionId, outcome, ct);
            if (!recorded)
            {
                problems.Add($"{markingCase.CandidateNumber}: the submission could not take the decision.");
                continue;
            }

            var candidate = await snapshots.CandidateOfAsync(markingCase.SubmissionId, update ? "decision made again" : "decision released", ct)
                ?? throw new InvalidOperationException($"The candidate of case {markingCase.Id} is unknown.");
            var programme = await programmes.FindAsync(markingCase.ProgrammeId, ct)
                ?? throw new InvalidOperationException($"The programme of case {markingCase.Id} is unknown.");
            await components.RecordAsync(markingCase, check, ct);
            markingCase.Decision = decision;
            markingCase.ModerationBlocked = null;
            if (!update)
            {
                markingCase.Status = CaseStatus.Released;
                markingCase.ReleasedAt = clock.GetUtcNow();
                markingCase.ReleasedById = leadId;
            }

            Award? award = null;
            if (decision == Decision.Accredited)
            {
                award = await awards.AwardAsync(markingCase, candidate.UserId, candidate.Name, programme, ct);
            }

            audit.Add(update ? "decision.made-again" : "decision.released", "MarkingCase", markingCase.Id.ToString(),
                $"{decision}: {string.Join("; ", check.Components.Select(c => $"{c.Key} {c.Outcome}"))}, rule version {check.RuleNumber}");
            await EmailAsync(candidate, programme.Name, decision, markingCase.Id, award, appeal: false, ct, check, update);
            released.Add(markingCase.Id);
        }

        if (released.Count > 0)
        {
            await db.SaveChangesAsync(ct);
            var enrolments = cases.Where(c => released.Contains(c.Id)).Select(c => c.EnrolmentId).Distinct().ToList();
            foreach (var listener in listeners)
            {
                await listener.DecisionsReleasedAsync(enrolments, ct);
            }

            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return new ReleaseResult(released, problems);
    }

    /// <summary>Emails the candidate that their decision (or review outcome) is ready; never the marks themselves.</summary>
    public async Task EmailAsync(SubmissionCandidate candidate, string programme, Decision decision, Guid caseId, Award? award, bool appeal, CancellationToken ct,
        DecisionCheck? check = null, bool update = false)
    {
        if (string.IsNullOrWhiteSpace(candidate.Email))
        {
            return;
        }

        var link = site.Link($"/results/{caseId}");
        var outcome = (decision == Decision.Accredited ? OutcomeWords.Accredited : OutcomeWords.NotYetAccredited).ToLowerInvariant();
        var what = appeal ? "The review of your portfolio is complete" : update ? "Your accreditation decision has been made again with your latest result" : "The decision on your accreditation is ready";
        var certificate = award is null ? "" : $"\n\nYour certificate and digital credential: {site.Link($"/certificates/{Awards.Display(award.VerificationCode)}")}";
        var next = check?.Components.Where(c => c.Outcome == ComponentOutcome.NotMet && c.NextStep is not null).Select(c => $"{c.Name}: {c.NextStep}").ToList() ?? [];
        var nextText = next.Count == 0 ? "" : "\n\nWhat you can do next:\n" + string.Join("\n", next);
        await outbox.EnqueueAsync(new EmailMessage
        {
            To = [new EmailAddress(candidate.Email, candidate.Name)],
            Subject = $"{what}: {programme}",
            TextBody = $"Dear {candidate.Name},\n\n{what}. You are {outcome}.{nextText}\n\nRead your feedback on each statement here:\n{link}{certificate}\n",
            HtmlBody = $"<p>Dear {WebUtility.HtmlEncode(candidate.Name)},</p><p>{WebUtility.HtmlEncode(what)}. You are <strong>{outcome}</strong>.</p>" +
                (next.Count == 0 ? "" : "<p>What you can do next:</p><ul>" + string.Concat(next.Select(n => $"<li>{WebUtility.HtmlEncode(n)}</li>")) + "</ul>") +
                $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Read your feedback on each statement</a></p>",
        }, ct);
    }
}
