using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Identity.Invitations;
using Accreditation.Identity.Organisations;
using Accreditation.Identity.TwoFactor;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Pages.Account;

/// <summary>
/// Accepts an invitation: the invitee chooses their name and password (the password policy applies), their account
/// is made with the invitation's roles and organisation, and they are signed in; a role that needs two-factor
/// authentication goes on to set it up. A used, expired or tampered link gets a page saying so, never a form.
/// </summary>
[AllowAnonymous]
[AllowBeforePasswordChange]
[EnableRateLimiting("sign-in")]
public sealed class InvitationModel(
    InvitationService invitations,
    AccreditationDbContext db,
    SignInManager<PlatformUser> signIn,
    TwoFactorRequirement twoFactor,
    IAuditTrail audit) : PageModel
{
    /// <summary>The link's secret.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>The invitee's name.</summary>
    [BindProperty]
    public string? DisplayName { get; set; }

    /// <summary>Their new password.</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>The password again.</summary>
    [BindProperty]
    public string? ConfirmPassword { get; set; }

    /// <summary>Whether the link can be used.</summary>
    public InvitationState State { get; private set; } = InvitationState.Unknown;

    /// <summary>The invitee's email address.</summary>
    public string Email { get; private set; } = "";

    /// <summary>The roles they are invited to.</summary>
    public IReadOnlyList<string> Roles { get; private set; } = [];

    /// <summary>The organisation they will belong to.</summary>
    public string? OrganisationName { get; private set; }

    /// <summary>Whether their roles need two-factor authentication.</summary>
    public bool TwoFactorRequired { get; private set; }

    /// <summary>Shows the form, or why the link cannot be used.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return await ShowAsync(ct);
    }

    /// <summary>Makes the account, or shows what is wrong next to the fields.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (State != InvitationState.Open)
        {
            return await ShowAsync(ct);
        }

        var acceptance = await invitations.AcceptAsync(Token, DisplayName, Password, ConfirmPassword, ct);
        if (!acceptance.Succeeded)
        {
            if (acceptance.State != InvitationState.Open)
            {
                State = acceptance.State;
                return await ShowAsync(ct);
            }

            acceptance.Errors.AddTo(ModelState);

            return Page();
        }

        await signIn.SignInAsync(acceptance.Person!, isPersistent: false);
        return TwoFactorRequired ? Redirect(TwoFactorGate.SetupPath) : RedirectToPage("/Index");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var (state, invitation) = await invitations.FindAsync(Token, ct);
        State = state;
        if (invitation is not null)
        {
            Email = invitation.Email;
            Roles = invitation.RoleList;
            TwoFactorRequired = twoFactor.RequiredFor(Roles);
            OrganisationName = await db.Set<Organisation>().Where(o => o.Id == invitation.OrganisationId).Select(o => o.Name).SingleOrDefaultAsync(ct);
        }
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (State == InvitationState.Open)
        {
            return Page();
        }

        // Refused links are recorded: many of them from one address is someone guessing.
        await audit.RecordAsync("invitation.refused", "Invitation", null, State.ToString().ToLowerInvariant(), ct);
        Response.StatusCode = State == InvitationState.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        return Page();
    }
}
