using System.Net;
using Accreditation.Core.Auditing;
using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Web;
using Accreditation.Marking.Certificates;
using Accreditation.Marking.Data;
using Accreditation.Notifications;
using Accreditation.Portfolios.Programmes;
using Accreditation.Portfolios.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Release;

/// <summary>What a release came to.</summary>
/// <param name="Released">The cases released.</param>
/// <param name="Problems">Why others were not.</param>
public sealed record ReleaseResult(IReadOnlyList<Guid> Released, IReadOnlyList<string> Problems);

/// <summary>
/// Releases decisions, singly or in bulk, in one transaction: records each outcome on the submission (Portfolios), awards
/// the accredited, emails every candidate through the outbox, and tells every registered <see cref="IDecisionReleaseListener"/>;
/// any failure rolls the whole release back. Until then nothing of the marking is visible to the candidate.
/// </summary>
public sealed class DecisionRelease(
    AccreditationDbContext db,
    ISubmissionSnapshots snapshots,
    IProgrammeDirectory programmes,
    Awards awards,
    IEmailOutbox outbox,
    IEnumerable<IDecisionReleaseListener> listeners,
    TimeProvider clock,
    IAuditTrail audit,
    SiteAddress site)
{
    /// <summary>Releases the cases that are ready; the others are reported.</summary>
    public async Task<ReleaseResult> ReleaseAsync(IReadOnlyCollection<Guid> caseIds, string leadId, CancellationToken ct)
    {
        var problems = new List<string>();
        var released = new List<Guid>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var cases = await db.Set<MarkingCase>().Where(c => caseIds.Contains(c.Id)).OrderBy(c => c.SubmittedAt).ToListAsync(ct);
        foreach (var markingCase in cases)
        {
            if (markingCase.Status != CaseStatus.ReadyForRelease || markingCase.Decision is not { } decision)
            {
                problems.Add($"{markingCase.CandidateNumber} is not ready for release.");
                continue;
            }

            if (!await snapshots.RecordOutcomeAsync(markingCase.SubmissionId, decision == Decision.Accredited ? SubmissionOutcome.Achieved : SubmissionOutcome.NotYet, ct))
            {
                problems.Add($"{markingCase.CandidateNumber}: the submission could not take the decision.");
                continue;
            }

            var candidate = await snapshots.CandidateOfAsync(markingCase.SubmissionId, "decision released", ct)
                ?? throw new InvalidOperationException($"The candidate of case {markingCase.Id} is unknown.");
            var programme = await programmes.FindAsync(markingCase.ProgrammeId, ct)
                ?? throw new InvalidOperationException($"The programme of case {markingCase.Id} is unknown.");
            markingCase.Status = CaseStatus.Released;
            markingCase.ReleasedAt = clock.GetUtcNow();
            markingCase.ReleasedById = leadId;
            Award? award = null;
            if (decision == Decision.Accredited)
            {
                award = await awards.AwardAsync(markingCase, candidate.UserId, candidate.Name, programme, ct);
            }

            audit.Add("decision.released", "MarkingCase", markingCase.Id.ToString(), decision.ToString());
            await EmailAsync(candidate, programme.Name, decision, markingCase.Id, award, appeal: false, ct);
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
    public async Task EmailAsync(SubmissionCandidate candidate, string programme, Decision decision, Guid caseId, Award? award, bool appeal, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(candidate.Email))
        {
            return;
        }

        var link = site.Link($"/results/{caseId}");
        var outcome = decision == Decision.Accredited ? "accredited" : "not yet accredited";
        var what = appeal ? "The review of your portfolio is complete" : "The decision on your portfolio is ready";
        var certificate = award is null ? "" : $"\n\nYour certificate and digital credential: {site.Link($"/certificates/{Awards.Display(award.VerificationCode)}")}";
        await outbox.EnqueueAsync(new EmailMessage
        {
            To = [new EmailAddress(candidate.Email, candidate.Name)],
            Subject = $"{what}: {programme}",
            TextBody = $"Dear {candidate.Name},\n\n{what}. You are {outcome}.\n\nRead your feedback on each statement here:\n{link}{certificate}\n",
            HtmlBody = $"<p>Dear {WebUtility.HtmlEncode(candidate.Name)},</p><p>{WebUtility.HtmlEncode(what)}. You are <strong>{outcome}</strong>.</p>" +
                $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Read your feedback on each statement</a></p>",
        }, ct);
    }
}
