using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Account;

/// <summary>Signs out (POST only, so a link cannot sign someone out).</summary>
[AllowAnonymous]
[AllowBeforePasswordChange]
public sealed class SignOutModel(SignInManager<PlatformUser> signIn, IAuditTrail audit) : PageModel
{
    /// <summary>Shows the confirmation button.</summary>
    public void OnGet()
    {
    }

    /// <summary>Ends the session.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await audit.RecordAsync("account.signed-out", "User", signIn.UserManager.GetUserId(User));
        }

        await signIn.SignOutAsync();
        return RedirectToPage("/Index");
    }
}
