using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Identity.Accounts;
using Accreditation.Identity.SignInSecurity;
using Accreditation.Identity.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Account;

/// <summary>
/// Asks the signed-in person for their password (or a passkey) again before a change that would let someone keep
/// their account; wrong passwords count towards lockout and the address's limit like sign-in.
/// </summary>
[AllowBeforeTwoFactorSetup]
[AllowBeforePasswordChange]
[SignInAttemptLimit]
public sealed class ConfirmIdentityModel(
    PlatformSignInManager signIn,
    UserManager<PlatformUser> users,
    PasswordStep passwords,
    IAuditTrail audit) : PageModel
{
    /// <summary>The password.</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>The passkey's answer, posted by passkeys.js.</summary>
    [BindProperty]
    public string? CredentialJson { get; set; }

    /// <summary>Where to go back to (local URLs only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Whether the person has a passkey to use instead.</summary>
    public bool HasPasskey { get; private set; }

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        HasPasskey = (await users.GetPasskeysAsync(user)).Count > 0;
        return Page();
    }

    /// <summary>Checks the password and goes back, or says what is wrong.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        HasPasskey = (await users.GetPasskeysAsync(user)).Count > 0;
        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "Enter your password");
            return Page();
        }

        switch (await passwords.ConfirmAsync(HttpContext, user, Password))
        {
            case PasswordOutcome.LockedOut:
                await signIn.SignOutAsync();
                return RedirectToPage("/Account/SignIn");
            case PasswordOutcome.Accepted:
                return await ConfirmedAsync(user, "password");
            default:
                ModelState.AddModelError(nameof(Password), "The password is not correct");
                return Page();
        }
    }

    /// <summary>Checks a passkey and goes back.</summary>
    public async Task<IActionResult> OnPostPasskeyAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        HasPasskey = (await users.GetPasskeysAsync(user)).Count > 0;
        bool accepted;
        try
        {
            accepted = !string.IsNullOrWhiteSpace(CredentialJson) && await signIn.CheckPasskeyAsync(user, CredentialJson);
        }
        catch (InvalidOperationException)
        {
            accepted = false; // no passkey request under way
        }

        if (!accepted)
        {
            await passwords.RefuseAsync(HttpContext, user.Id, "account.reauthentication-failed", "passkey not accepted");
            ModelState.AddModelError(nameof(Password), "Your passkey could not be used. Try again, or enter your password");
            return Page();
        }

        return await ConfirmedAsync(user, "passkey");
    }

    private async Task<IActionResult> ConfirmedAsync(PlatformUser user, string how)
    {
        await signIn.RecordReauthenticationAsync(user);
        await audit.RecordAsync("account.reauthenticated", "User", user.Id, how);
        // The address the person came from stays a path (checked to be on this site); otherwise their account page.
        return Url.IsLocalUrl(ReturnUrl) ? LocalRedirect(ReturnUrl!) : RedirectToPage("/Account/Index");
    }
}
