using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Identity;
using Accreditation.Core.Web;
using Accreditation.Identity.Invitations;
using Accreditation.Identity.Organisations;
using Accreditation.Identity.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Pages.Admin.People;

/// <summary>
/// Invites someone by email with roles in an organisation: a platform admin to any organisation with any roles, an
/// organisation admin to their own organisation as Candidate, Endorser or OrganisationAdmin. The link is sent by
/// <see cref="AccountEmails"/>; while it cannot send, the next page shows the link to pass on.
/// </summary>
[Authorize(Policy = Permissions.ManageOrganisationUsersPolicy)]
public sealed class InviteModel(
    AccreditationDbContext db,
    PeopleAdministration administration,
    InvitationService invitations,
    AccountEmails emails,
    SiteAddress site,
    UserManager<PlatformUser> users) : PageModel
{
    /// <summary>The invitee's email address.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>The organisation (platform admins choose; organisation admins invite to their own).</summary>
    [BindProperty]
    public Guid? OrganisationId { get; set; }

    /// <summary>The roles.</summary>
    [BindProperty]
    public List<string> Roles { get; set; } = [];

    /// <summary>The admin's remit.</summary>
    public AdminRemit Remit { get; private set; } = new(false, null, "");

    /// <summary>Organisations to choose from (platform admins).</summary>
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    /// <summary>The organisation admin's own organisation's name.</summary>
    public string? OwnOrganisation { get; private set; }

    /// <summary>The link to pass on when it could not be emailed (read by the next page).</summary>
    [TempData]
    public string? InvitationLink { get; set; }

    /// <summary>Who was invited (read by the next page).</summary>
    [TempData]
    public string? InvitedEmail { get; set; }

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        Roles = [Core.Security.Roles.Candidate];
        return Page();
    }

    /// <summary>Makes the invitation and sends it, or shows what is wrong next to the fields.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        // Roles the admin may not give are never offered: asking for one is not a mistake to correct on the form.
        if (Roles.Any(r => !Remit.CanGrant(r)))
        {
            return Forbid();
        }

        var email = Email?.Trim() ?? "";
        var organisation = Remit.WholePlatform ? OrganisationId : Remit.OrganisationId;
        var roles = Remit.GrantableRoles.Where(r => Roles.Contains(r, StringComparer.Ordinal)).ToList();
        var errors = InvitationInputValidator.Instance.Validate(new InvitationInput(Email, organisation, roles)).ToFormErrors();

        // What only the database knows, for fields whose input passed; the email is the form's first field, the organisation its second.
        if (errors.All(e => e.Field != nameof(Email)) && await users.FindByEmailAsync(email) is not null)
        {
            errors.Insert(0, new FormError(nameof(Email), "There is already an account with this email address"));
        }

        var organisationName = organisation is { } chosen
            ? await db.Set<Organisation>().Where(o => o.Id == chosen).Select(o => o.Name).SingleOrDefaultAsync(ct)
            : null;
        if (organisation is not null && organisationName is null)
        {
            errors.Insert(errors.Count(e => e.Field == nameof(Email)), new FormError(nameof(OrganisationId), InvitationInputValidator.SelectOrganisation));
        }

        errors.AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The invitation and its email commit together: no invitation without its email, no email for a rolled-back invitation.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (invitation, token) = await invitations.CreateAsync(email, organisation!.Value, roles, Remit.AdminId, ct);
        var link = site.Link(InvitationService.LinkPath(token));
        var sent = await emails.SendInvitationAsync(email, organisationName!, link, invitation.ExpiresAt, ct);
        await transaction.CommitAsync(ct);
        InvitationLink = sent ? null : link;
        InvitedEmail = email;
        return RedirectToPage("/Admin/People/Invited");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Remit = await administration.RemitAsync(User);
        if (!Remit.CanInvite)
        {
            return false;
        }

        if (Remit.WholePlatform)
        {
            Organisations = await db.Set<Organisation>().AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        }
        else
        {
            OwnOrganisation = await db.Set<Organisation>().Where(o => o.Id == Remit.OrganisationId).Select(o => o.Name).SingleOrDefaultAsync(ct);
        }

        return true;
    }
}
