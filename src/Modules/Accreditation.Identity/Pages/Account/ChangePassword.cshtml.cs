using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Identity.SignInSecurity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Account;

/// <summary>
/// Changes the signed-in person's password; required after a one-time password. Asks for the password again first
/// when it was given more than 5 minutes ago.
/// </summary>
[AllowBeforePasswordChange]
[RequireRecentSignIn]
public sealed class ChangePasswordModel(UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, IAuditTrail audit) : PageModel
{
    /// <summary>Current password.</summary>
    [BindProperty]
    public string? CurrentPassword { get; set; }

    /// <summary>New password.</summary>
    [BindProperty]
    public string? NewPassword { get; set; }

    /// <summary>New password again.</summary>
    [BindProperty]
    public string? ConfirmPassword { get; set; }

    /// <summary>Whether the person must change it before going on.</summary>
    public bool Required { get; private set; }

    /// <summary>Shows the form.</summary>
    public async Task OnGetAsync() => Required = (await users.GetUserAsync(User))?.MustChangePassword == true;

    /// <summary>Changes the password or shows what is wrong.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Required = user.MustChangePassword;
        if (string.IsNullOrEmpty(CurrentPassword))
        {
            ModelState.AddModelError(nameof(CurrentPassword), "Enter your current password");
        }

        if (string.IsNullOrEmpty(NewPassword))
        {
            ModelState.AddModelError(nameof(NewPassword), "Enter a new password");
        }
        else if (NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "The passwords do not match");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, CurrentPassword!, NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? nameof(CurrentPassword) : nameof(NewPassword), error.Description);
            }

            return Page();
        }

        // Clearing the mark and the audit entry are saved together.
        user.MustChangePassword = false;
        audit.Add("account.password-changed", "User", user.Id, Required ? "one-time password replaced" : null);
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage("/Index");
    }
}
