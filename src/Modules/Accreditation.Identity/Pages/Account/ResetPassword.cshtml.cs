using System.Text;
using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace Accreditation.Identity.Pages.Account;

/// <summary>
/// Chooses a new password from an emailed link (works once: the reset renews the security stamp the token is tied
/// to). It never signs the person in, so signing in afterwards still asks for the two-factor code.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting("sign-in")]
public sealed class ResetPasswordModel(UserManager<PlatformUser> users, IAuditTrail audit) : PageModel
{
    /// <summary>The account's id.</summary>
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    /// <summary>The reset token (base64url of Identity's token).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>The new password.</summary>
    [BindProperty]
    public string? NewPassword { get; set; }

    /// <summary>The new password again.</summary>
    [BindProperty]
    public string? ConfirmPassword { get; set; }

    /// <summary>Whether the link can still be used.</summary>
    public bool LinkWorks { get; private set; }

    /// <summary>Shows the form, or that the link no longer works.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var (user, token) = await FindAsync();
        LinkWorks = user is not null && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<PlatformUser>.ResetPasswordTokenPurpose, token!);
        return LinkWorks ? Page() : Gone();
    }

    /// <summary>Sets the password, or shows what is wrong next to the fields.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (user, token) = await FindAsync();
        if (user is null)
        {
            return Gone();
        }

        LinkWorks = true;
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

        // The audit entry and the end of any must-change mark are saved with the new password.
        audit.Add("account.password-reset", "User", user.Id);
        user.MustChangePassword = false;
        var result = await users.ResetPasswordAsync(user, token!, NewPassword!);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == "InvalidToken"))
            {
                return Gone();
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(nameof(NewPassword), error.Description);
            }

            return Page();
        }

        return RedirectToPage("/Account/ResetPasswordDone");
    }

    private async Task<(PlatformUser? User, string? Token)> FindAsync()
    {
        if (string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Token))
        {
            return (null, null);
        }

        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Token));
        }
        catch (FormatException)
        {
            return (null, null);
        }

        var user = await users.FindByIdAsync(UserId);
        return user is { IsActive: true } ? (user, token) : (null, null);
    }

    private PageResult Gone()
    {
        LinkWorks = false;
        Response.StatusCode = StatusCodes.Status410Gone;
        return Page();
    }
}
