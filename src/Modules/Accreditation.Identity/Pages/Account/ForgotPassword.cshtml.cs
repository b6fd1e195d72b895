using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Core.Web;
using Accreditation.Identity.Invitations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace Accreditation.Identity.Pages.Account;

/// <summary>
/// Asks for a password-reset link. The answer is the same whether or not the address has an account, so the page
/// does not tell who has one; the link goes out through <see cref="AccountEmails"/>. Rate limited like sign-in.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting("sign-in")]
public sealed class ForgotPasswordModel(UserManager<PlatformUser> users, AccountEmails emails, SiteAddress site, IAuditTrail audit) : PageModel
{
    /// <summary>The address.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>Whether the request was taken.</summary>
    public bool Sent { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Sends the link to an active account with that address; always answers the same.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Email = Email?.Trim();
        if (string.IsNullOrEmpty(Email) || !Email.Contains('@', StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(Email), "Enter your email address, like name@example.gov.uk");
            return Page();
        }

        var user = await users.FindByEmailAsync(Email);
        if (user is { IsActive: true })
        {
            var token = WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
            var link = site.Link($"/account/reset-password?user={Uri.EscapeDataString(user.Id)}&token={token}");
            await emails.SendPasswordResetAsync(user.Email!, user.Id, link, ct);
        }

        await audit.RecordAsync("account.password-reset-requested", "User", user?.Id, user is null ? "unknown account" : user.IsActive ? null : "account deactivated: no link sent", ct);
        Sent = true;
        return Page();
    }
}
