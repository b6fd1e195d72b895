using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Identity.SignInSecurity;
using Accreditation.Identity.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Account.TwoFactor;

/// <summary>
/// The signed-in person's two-factor authentication: offered to those without it, new recovery codes for those with
/// it, and removing the authenticator app while another second factor (a passkey) remains or none is required.
/// Changes ask for the password again when it was given more than 5 minutes ago.
/// </summary>
[RequireRecentSignIn(IncludeGet = false)]
public sealed class IndexModel(UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, TwoFactorRequirement requirement, IAuditTrail audit) : PageModel
{
    /// <summary>Whether two-factor authentication is on.</summary>
    public bool Enabled { get; private set; }

    /// <summary>Whether the person's role needs it.</summary>
    public bool Required { get; private set; }

    /// <summary>Whether an authenticator app is set up.</summary>
    public bool HasAuthenticator { get; private set; }

    /// <summary>How many passkeys the person has.</summary>
    public int PasskeyCount { get; private set; }

    /// <summary>Recovery codes not yet used.</summary>
    public int RecoveryCodesLeft { get; private set; }

    /// <summary>The outcome of the last change.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>New recovery codes, for the page that shows them once.</summary>
    [TempData]
    public string? RecoveryCodes { get; set; }

    /// <summary>Shows the state.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Enabled = user.TwoFactorEnabled;
        HasAuthenticator = !string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user));
        PasskeyCount = (await users.GetPasskeysAsync(user)).Count;
        Required = requirement.RequiredFor(User) && PasskeyCount == 0;
        RecoveryCodesLeft = Enabled ? await users.CountRecoveryCodesAsync(user) : 0;
        return Page();
    }

    /// <summary>Replaces the recovery codes with new ones.</summary>
    public async Task<IActionResult> OnPostNewRecoveryCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!user.TwoFactorEnabled)
        {
            return RedirectToPage("/Account/TwoFactor/Setup");
        }

        audit.Add("account.recovery-codes-renewed", "User", user.Id);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, SetupModel.RecoveryCodeCount);
        RecoveryCodes = string.Join(' ', codes ?? []);
        return RedirectToPage("/Account/TwoFactor/RecoveryCodes");
    }

    /// <summary>
    /// Removes the authenticator app. With a passkey left, two-factor authentication stays on; without one it goes
    /// off, which only people who need no second factor may do.
    /// </summary>
    public async Task<IActionResult> OnPostTurnOffAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var passkeys = (await users.GetPasskeysAsync(user)).Count;
        if (passkeys == 0 && requirement.RequiredFor(User))
        {
            return Forbid();
        }

        await users.RemoveAuthenticationTokenAsync(user, Accounts.PlatformUserStore.InternalLoginProvider, Accounts.PlatformUserStore.AuthenticatorKeyToken);
        await users.RemoveAuthenticationTokenAsync(user, SetupModel.ConfirmedLoginProvider, SetupModel.ConfirmedToken);
        if (passkeys == 0)
        {
            audit.Add("account.two-factor-disabled", "User", user.Id);
            await users.SetTwoFactorEnabledAsync(user, false);
            Message = "Two-factor authentication is off.";
        }
        else
        {
            audit.Add("account.authenticator-removed", "User", user.Id, "passkeys remain");
            await users.UpdateSecurityStampAsync(user);
            Message = "Your authenticator app has been removed. You sign in with a passkey.";
        }

        await signIn.RefreshSignInAsync(user);
        return RedirectToPage("/Account/TwoFactor/Index");
    }
}
