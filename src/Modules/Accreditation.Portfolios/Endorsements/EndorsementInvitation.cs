using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Notifications;
using Accreditation.Portfolios.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Endorsements;

/// <summary>A new endorsement request and the link to give the endorser.</summary>
public sealed record Invitation(Endorsement Endorsement, string Link);

/// <summary>
/// Asks an endorser to endorse a candidate: records the request (withdrawing any earlier one still open), makes the
/// link and emails it through the outbox in the same transaction, so the request and its email commit together. The
/// link is also shown to the candidate, who may pass it on themselves.
/// </summary>
public sealed class EndorsementInvitation(AccreditationDbContext db, EndorsementLinks links, TimeProvider clock, IIdSource ids, IAuditTrail audit, IEmailOutbox outbox)
{
    /// <summary>The roles an endorser can hold.</summary>
    public static readonly IReadOnlyList<string> EndorserRoles = ["Line manager", "Principal social worker"];

    /// <summary>Records the request and returns the link (absolute, on <paramref name="siteRoot"/>).</summary>
    public async Task<Invitation> InviteAsync(Guid enrolmentId, string name, string email, string role, Uri siteRoot, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var open in await db.Set<Endorsement>().Where(e => e.EnrolmentId == enrolmentId && e.Status == EndorsementStatus.Requested).ToListAsync(ct))
        {
            open.Status = EndorsementStatus.Withdrawn;
        }

        var endorsement = new Endorsement
        {
            Id = ids.NewId(),
            EnrolmentId = enrolmentId,
            EndorserName = name.Trim(),
            EndorserEmail = email.Trim(),
            EndorserRole = role,
            Status = EndorsementStatus.Requested,
            RequestedAt = now,
            ExpiresAt = now + EndorsementLinks.Lifetime,
            Nonce = EndorsementLinks.NewNonce(),
        };
        db.Add(endorsement);
        audit.Add("endorsement.requested", "Endorsement", endorsement.Id.ToString(), role);
        var link = LinkFor(endorsement, siteRoot);
        var candidate = await (from enrolment in db.Set<Enrolment>()
                               join user in db.Users on enrolment.CandidateId equals user.Id
                               where enrolment.Id == enrolmentId
                               select user.DisplayName).SingleOrDefaultAsync(ct) ?? "A candidate";
        var expires = endorsement.ExpiresAt.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
        await outbox.EnqueueAsync(new EmailMessage
        {
            To = [new EmailAddress(endorsement.EndorserEmail, endorsement.EndorserName)],
            Subject = $"{candidate} asks you to endorse their accreditation portfolio",
            TextBody = $"Dear {endorsement.EndorserName},\n\n{candidate} has named you as their {role.ToLowerInvariant()} and asks you to " +
                $"endorse their accreditation portfolio.\n\nRead the portfolio and endorse it, or decline with your reasons, " +
                $"here (the link works until {expires}):\n{link}\n\nIf you were not expecting this email, you can ignore it.",
            HtmlBody = $"<p>Dear {System.Net.WebUtility.HtmlEncode(endorsement.EndorserName)},</p>" +
                $"<p>{System.Net.WebUtility.HtmlEncode(candidate)} has named you as their {System.Net.WebUtility.HtmlEncode(role.ToLowerInvariant())} " +
                "and asks you to endorse their accreditation portfolio.</p>" +
                $"<p><a href=\"{System.Net.WebUtility.HtmlEncode(link)}\">Read the portfolio and endorse it, or decline with your reasons</a> " +
                $"(the link works until {expires}).</p><p>If you were not expecting this email, you can ignore it.</p>",
            HoldsSecret = true,
        }, ct);
        await db.SaveChangesAsync(ct);
        return new Invitation(endorsement, link);
    }

    /// <summary>The link for an existing request (shown again to the candidate while it is open).</summary>
    public string LinkFor(Endorsement endorsement, Uri siteRoot) => new Uri(siteRoot, "/endorse/" + links.TokenFor(endorsement)).ToString();
}
