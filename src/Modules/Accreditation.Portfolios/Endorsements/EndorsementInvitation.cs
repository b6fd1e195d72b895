using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Portfolios.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Endorsements;

/// <summary>A new endorsement request and the link to give the endorser.</summary>
public sealed record Invitation(Endorsement Endorsement, string Link);

/// <summary>
/// Asks an endorser to endorse a candidate: records the request (withdrawing any earlier one still open) and makes the
/// link. Sending is here and only here: until the Notifications module's email outbox is part of the platform, the link is
/// shown to the candidate to pass on; wiring the outbox in means enqueuing the email in <see cref="InviteAsync"/> before
/// the save, so the request and its email commit together.
/// </summary>
public sealed class EndorsementInvitation(AccreditationDbContext db, EndorsementLinks links, TimeProvider clock, IIdSource ids, IAuditTrail audit)
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
        await db.SaveChangesAsync(ct);
        return new Invitation(endorsement, LinkFor(endorsement, siteRoot));
    }

    /// <summary>The link for an existing request (shown again to the candidate while it is open).</summary>
    public string LinkFor(Endorsement endorsement, Uri siteRoot) => new Uri(siteRoot, "/endorse/" + links.TokenFor(endorsement)).ToString();
}
