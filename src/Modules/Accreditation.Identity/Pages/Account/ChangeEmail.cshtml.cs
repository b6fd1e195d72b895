using System.Text;
using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Core.Web;
using Accreditation.Identity.Invitations;
using Accreditation.Identity.SignInSecurity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Accreditation.Identity.Pages.Account;

/// <summary>
/// Changes the signed-in person's email address (which is also what they sign in with): a link goes to the new address
/// and the change is made when it is followed. Asks for the password again first when it was given more than 5
/// minutes ago.
/// </summary>
[RequireRecentSignIn]
public sealed class ChangeEmailModel(UserManager<PlatformUser> users, AccountEmails emails, SiteAddress site, IAuditTrail audit) : PageModel
{
    /// <summary>The new address.</summary>
    [BindProperty]
    public string? NewEmail { get; set; }

    /// <summary>The current address.</summary>
    public string? CurrentEmail { get; private set; }

    /// <summary>Whether the link has been sent.</summary>
    public bool Sent { get; private set; }

    /// <summary>Shows the form.</summary>
    public async Task OnGetAsync() => CurrentEmail = (await users.GetUserAsync(User))?.Email;

    /// <summary>Sends the confirmation link to the new address, or says what is wrong.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        CurrentEmail = user.Email;
        NewEmail = NewEmail?.Trim();
        if (string.IsNullOrEmpty(NewEmail) || !System.Net.Mail.MailAddress.TryCreate(NewEmail, out var parsed) || parsed.Address != NewEmail || NewEmail.Length > 256)
        {
            ModelState.AddModelError(nameof(NewEmail), "Enter an email address in the correct format, like name@example.gov.uk");
            return Page();
        }

        if (string.Equals(NewEmail, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError(nameof(NewEmail), "Enter a different email address from the one you use now");
            return Page();
        }

        // An address another account uses gets the same answer, so the page does not tell who has an account; no link is sent.
        if (await users.FindByEmailAsync(NewEmail) is null)
        {
            var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateChangeEmailTokenAsync(user, NewEmail)));
            var link = site.Link($"/account/confirm-email?user={Uri.EscapeDataString(user.Id)}&email={Uri.EscapeDataString(NewEmail)}&token={token}");
            await emails.SendEmailChangeAsync(NewEmail, user.Id, link, ct);
        }

        await audit.RecordAsync("account.email-change-requested", "User", user.Id, null, ct);
        Sent = true;
        return Page();
    }
}
