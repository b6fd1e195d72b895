using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Identity.Accounts;
using Accreditation.Identity.SignInSecurity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Account;

/// <summary>
/// Local sign-in with email and password, or with a passkey. Every failure gets the same answer and about the same
/// work (a password hash is checked for unknown and locked accounts too); failures count against the account
/// (lockout) and the client address (<see cref="SignInAttempts"/>).
/// </summary>
[AllowAnonymous]
[SignInAttemptLimit]
public sealed class SignInModel(PlatformSignInManager signIn, PasswordStep passwords, IAuditTrail audit) : PageModel
{
    /// <summary>Email address.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>Password.</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>The passkey's answer (JSON from navigator.credentials.get), posted by passkeys.js.</summary>
    [BindProperty]
    public string? CredentialJson { get; set; }

    /// <summary>Where to go after signing in (local URLs only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Whether the last attempt failed (the advice for locked accounts is shown).</summary>
    public bool Failed { get; private set; }

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

        var (outcome, user) = await passwords.SignInAsync(HttpContext, Email!, Password!);
        return outcome switch
        {
            PasswordOutcome.SecondFactor => RedirectToPage("/Account/SignInTwoFactor", new { ReturnUrl }),
            PasswordOutcome.Accepted => Next(user!),
            _ => Refused(),
        };
    }

    /// <summary>Signs in with a passkey (the form is posted by passkeys.js with the authenticator's answer).</summary>
    public async Task<IActionResult> OnPostPasskeyAsync()
    {
        if (string.IsNullOrWhiteSpace(CredentialJson))
        {
            ModelState.AddModelError(nameof(Email), "Your passkey could not be used. Try again, or sign in with your email address and password");
            return Page();
        }

        var (result, user) = await PasskeyAsync(CredentialJson);
        if (!result.Succeeded || user is null)
        {
            await passwords.RefuseAsync(HttpContext, user?.Id, "account.sign-in-failed", result.IsLockedOut ? "passkey: locked out" : "passkey not accepted");
            ModelState.AddModelError(nameof(Email), "Your passkey could not be used. Try again, or sign in with your email address and password");
            Failed = result.IsLockedOut;
            return Page();
        }

        await audit.RecordAsync("account.signed-in", "User", user.Id, "passkey");
        return Next(user);
    }

    private async Task<(Microsoft.AspNetCore.Identity.SignInResult Result, PlatformUser? User)> PasskeyAsync(string credentialJson)
    {
        try
        {
            return await signIn.SignInWithPasskeyAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // No passkey request under way (the page was open too long, or the answer was posted twice).
            return (Microsoft.AspNetCore.Identity.SignInResult.Failed, null);
        }
    }

    private IActionResult Next(PlatformUser user) =>
        user.MustChangePassword
            ? Redirect(PasswordChangeGate.ChangePasswordPath)
            : Url.IsLocalUrl(ReturnUrl) ? LocalRedirect(ReturnUrl!) : RedirectToPage("/Index"); // the address the person came from stays a path, checked to be on this site

    // The one answer to every failure, so the page never tells whether an account exists or is locked.
    private PageResult Refused()
    {
        ModelState.AddModelError(nameof(Email), SignInFailure.Message);
        Failed = true;
        return Page();
    }
}
