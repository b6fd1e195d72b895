using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Accreditation.Identity.Pages.Account;

/// <summary>Local sign-in with email and password; lockout after repeated failures; rate limited.</summary>
[AllowAnonymous]
[EnableRateLimiting("sign-in")] // the host's sign-in policy: attempts per client address per minute
public sealed class SignInModel(SignInManager<PlatformUser> signIn, UserManager<PlatformUser> users, IAuditTrail audit) : PageModel
{
    /// <summary>Email address.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>Password.</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>Where to go after signing in (local URLs only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Signs in, or shows what is wrong next to the field.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddModelError(nameof(Email), "Enter your email address");
        }

        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "Enter your password");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Email!.Trim());
        if (user is null)
        {
            ModelState.AddModelError(nameof(Email), "Enter a correct email address and password");
            await audit.RecordAsync("account.sign-in-failed", "User", null, "unknown account");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.IsNotAllowed)
        {
            // Deactivated: the same answer as a wrong password, so the page does not tell whether the account exists.
            ModelState.AddModelError(nameof(Email), "Enter a correct email address and password");
            await audit.RecordAsync("account.sign-in-failed", "User", user.Id, user.IsActive ? "not allowed" : "account deactivated");
            return Page();
        }

        if (result.IsLockedOut)
        {
            ModelState.AddModelError(nameof(Email), "This account is locked after too many failed attempts. Try again in 15 minutes.");
            await audit.RecordAsync("account.locked-out", "User", user.Id);
            return Page();
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/SignInTwoFactor", new { ReturnUrl });
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(Email), "Enter a correct email address and password");
            await audit.RecordAsync("account.sign-in-failed", "User", user.Id, "wrong password");
            return Page();
        }

        await audit.RecordAsync("account.signed-in", "User", user.Id);
        if (user.MustChangePassword)
        {
            return Redirect(PasswordChangeGate.ChangePasswordPath);
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
