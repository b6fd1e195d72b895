using System.Text;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Identity.SignInSecurity;
using Accreditation.Identity.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Account.TwoFactor;

/// <summary>
/// Sets up two-factor authentication with an authenticator app (TOTP): shows the key and an otpauth address, checks a
/// code from the app, turns two-factor on and shows ten recovery codes once.
/// </summary>
[AllowBeforeTwoFactorSetup]
[RequireRecentSignIn]
public sealed class SetupModel(UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, TwoFactorRequirement requirement, SiteSettings site, IAuditTrail audit) : PageModel
{
    /// <summary>How many recovery codes a person gets.</summary>
    public const int RecoveryCodeCount = 10;

    /// <summary>The code from the app.</summary>
    [BindProperty]
    public string? Code { get; set; }

    /// <summary>The key in groups of four, as people type it.</summary>
    public string FormattedKey { get; private set; } = "";

    /// <summary>The otpauth:// address apps accept.</summary>
    public string AuthenticatorUri { get; private set; } = "";

    /// <summary>Whether the person's role needs two-factor authentication.</summary>
    public bool Required { get; private set; }

    /// <summary>The recovery codes, for the next page (shown once).</summary>
    [TempData]
    public string? RecoveryCodes { get; set; }

    /// <summary>Shows the key (made on first visit); people who have it on already go to its page.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (await HasConfirmedAppAsync(user))
        {
            return RedirectToPage("/Account/TwoFactor/Index");
        }

        await LoadAsync(user);
        return Page();
    }

    /// <summary>Checks the code and turns two-factor authentication on, or shows what is wrong next to the field.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (await HasConfirmedAppAsync(user))
        {
            return RedirectToPage("/Account/TwoFactor/Index");
        }

        await LoadAsync(user);
        var code = new string((Code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (code.Length == 0)
        {
            ModelState.AddModelError(nameof(Code), "Enter the 6-digit code from your authenticator app");
            return Page();
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "The code is not correct. Check the key is entered in your app exactly as shown, then enter the code it shows now");
            await audit.RecordAsync("account.two-factor-setup-failed", "User", user.Id);
            return Page();
        }

        await users.SetAuthenticationTokenAsync(user, ConfirmedLoginProvider, ConfirmedToken, "true");
        if (user.TwoFactorEnabled)
        {
            // A person who signs in with a passkey adds an app as well: nothing else changes.
            audit.Add("account.authenticator-added", "User", user.Id);
            await users.UpdateSecurityStampAsync(user);
            await signIn.RefreshSignInAsync(user);
            Message = "Your authenticator app is set up.";
            return RedirectToPage("/Account/TwoFactor/Index");
        }

        // The audit entry is saved with the change.
        audit.Add("account.two-factor-enabled", "User", user.Id, "authenticator app");
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);

        // Turning two-factor on renews the security stamp: sign in again so this session stays valid, with the new claim.
        await signIn.RefreshSignInAsync(user);
        RecoveryCodes = string.Join(' ', codes ?? []);
        return RedirectToPage("/Account/TwoFactor/RecoveryCodes");
    }

    /// <summary>The outcome, for the two-factor page.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Where the mark of a confirmed authenticator app is kept (a user token).</summary>
    public const string ConfirmedLoginProvider = "[Accreditation]";

    /// <summary>The mark's name.</summary>
    public const string ConfirmedToken = "AuthenticatorConfirmed";

    /// <summary>
    /// Whether the person's app is set up and confirmed with a code (apps set up before the mark existed: two-factor
    /// on with a key and no passkey).
    /// </summary>
    private async Task<bool> HasConfirmedAppAsync(PlatformUser user)
    {
        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            return false;
        }

        return await users.GetAuthenticationTokenAsync(user, ConfirmedLoginProvider, ConfirmedToken) == "true"
            || (user.TwoFactorEnabled && (await users.GetPasskeysAsync(user)).Count == 0);
    }

    private async Task LoadAsync(PlatformUser user)
    {
        Required = requirement.RequiredFor(User);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);

            // A new key renews the security stamp: keep this session valid.
            await signIn.RefreshSignInAsync(user);
        }

        var formatted = new StringBuilder();
        for (var i = 0; i < key!.Length; i += 4)
        {
            formatted.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        FormattedKey = formatted.ToString().TrimEnd().ToLowerInvariant();
        var issuer = Uri.EscapeDataString(site.SiteName);
        AuthenticatorUri = $"otpauth://totp/{issuer}:{Uri.EscapeDataString(user.Email ?? user.UserName ?? "")}?secret={key}&issuer={issuer}&digits=6";
    }
}
