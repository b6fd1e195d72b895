using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Accreditation.Identity.SignInSecurity;

namespace Accreditation.Identity.Pages.Account;

/// <summary>
/// The second step of signing in for people with two-factor authentication: a code from their authenticator app (each
/// code works once), one of their recovery codes (each works once), or one of their passkeys. Wrong codes count towards
/// lockout and the client address's limit, like sign-in.
/// </summary>
[AllowAnonymous]
[SignInAttemptLimit]
public sealed class SignInTwoFactorModel(SignInManager<PlatformUser> signIn, UserManager<PlatformUser> users, SignInAttempts attempts, IAuditTrail audit) : PageModel
{
    /// <summary>The authenticator or recovery code.</summary>
    [BindProperty]
    public string? Code { get; set; }

    /// <summary>Whether the person is entering a recovery code.</summary>
    [BindProperty(SupportsGet = true)]
    public bool UseRecoveryCode { get; set; }

    /// <summary>Where to go after signing in (local URLs only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Whether the person has an authenticator app set up (otherwise only a passkey or recovery code will do).</summary>
    public bool HasAuthenticator { get; private set; } = true;

    /// <summary>Whether the person has a passkey.</summary>
    public bool HasPasskey { get; private set; }

    /// <summary>Shows the form; without a password step in progress, back to sign-in.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/SignIn");
        }

        await LoadAsync(user);
        return Page();
    }

    private async Task LoadAsync(PlatformUser user)
    {
        HasAuthenticator = !string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user));
        HasPasskey = (await users.GetPasskeysAsync(user)).Count > 0;
        if (!HasAuthenticator && !HasPasskey)
        {
            HasAuthenticator = true; // nothing else to offer: the code field, and the recovery-code link
        }
    }

    /// <summary>Checks the code and signs in, or shows what is wrong next to the field.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/SignIn");
        }

        await LoadAsync(user);
        var code = new string((Code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (code.Length == 0)
        {
            ModelState.AddModelError(nameof(Code), UseRecoveryCode ? "Enter a recovery code" : "Enter the 6-digit code from your authenticator app");
            return Page();
        }

        var result = UseRecoveryCode
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(code.ToUpperInvariant())
            : await signIn.TwoFactorAuthenticatorSignInAsync(code.Replace("-", "", StringComparison.Ordinal), isPersistent: false, rememberClient: false);
        if (result.IsLockedOut)
        {
            ModelState.AddModelError(nameof(Code), "This account is locked after too many failed attempts. Try again in 15 minutes.");
            await audit.RecordAsync("account.locked-out", "User", user.Id, "two-factor step");
            return Page();
        }

        if (!result.Succeeded)
        {
            await attempts.RecordFailureAsync(HttpContext, HttpContext.RequestAborted);
            ModelState.AddModelError(nameof(Code), UseRecoveryCode
                ? "The recovery code is not correct, or it has been used already"
                : "The code is not correct, or it has been used already. Enter the code your authenticator app shows now");
            await audit.RecordAsync("account.sign-in-failed", "User", user.Id, UseRecoveryCode ? "wrong recovery code" : "wrong two-factor code");
            return Page();
        }

        if (UseRecoveryCode)
        {
            audit.Add("account.recovery-code-used", "User", user.Id, $"{await users.CountRecoveryCodesAsync(user)} recovery codes left");
        }

        await audit.RecordAsync("account.signed-in", "User", user.Id, UseRecoveryCode ? "password and recovery code" : "password and authenticator code");
        if (user.MustChangePassword)
        {
            return Redirect(PasswordChangeGate.ChangePasswordPath);
        }

        // The address the person came from stays a path (checked to be on this site); otherwise the home page.
        return Url.IsLocalUrl(ReturnUrl) ? LocalRedirect(ReturnUrl!) : RedirectToPage("/Index");
    }
}
