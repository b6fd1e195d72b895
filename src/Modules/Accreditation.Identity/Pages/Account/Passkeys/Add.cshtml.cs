using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Identity.Pages.Account.TwoFactor;
using Accreditation.Identity.SignInSecurity;
using Accreditation.Identity.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Account.Passkeys;

/// <summary>
/// Adds a passkey: the person names it, their browser makes it (passkeys.js), the site checks and keeps its public key.
/// A first second factor turns two-factor authentication on and shows ten recovery codes once.
/// </summary>
[AllowBeforeTwoFactorSetup]
[RequireRecentSignIn]
public sealed class AddModel(UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, IAuditTrail audit) : PageModel
{
    /// <summary>The passkey's name, so the person can tell their passkeys apart.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The browser's answer (JSON from navigator.credentials.create), posted by passkeys.js.</summary>
    [BindProperty]
    public string? CredentialJson { get; set; }

    /// <summary>The recovery codes for the next page (shown once).</summary>
    [TempData]
    public string? RecoveryCodes { get; set; }

    /// <summary>The outcome, for the passkeys page.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Checks the new passkey and keeps it, or says what is wrong.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Name = Name?.Trim();
        if (string.IsNullOrEmpty(Name) || Name.Length > IndexModel.MaxNameLength)
        {
            ModelState.AddModelError(nameof(Name), string.IsNullOrEmpty(Name) ? "Enter a name for the passkey, like Work laptop" : $"The name must be {IndexModel.MaxNameLength} characters or fewer");
            return Page();
        }

        PasskeyAttestationResult? attestation = null;
        if (!string.IsNullOrWhiteSpace(CredentialJson))
        {
            try
            {
                attestation = await signIn.PerformPasskeyAttestationAsync(CredentialJson);
            }
            catch (InvalidOperationException)
            {
                attestation = null; // no passkey creation under way (the page was open too long, or posted twice)
            }
        }

        if (attestation is not { Succeeded: true } || attestation.UserEntity.Id != user.Id)
        {
            await audit.RecordAsync("account.passkey-refused", "User", user.Id, attestation?.Failure?.Message);
            ModelState.AddModelError(nameof(Name), "Your passkey could not be added. Try again, and use your fingerprint, face, PIN or screen lock when your device asks");
            return Page();
        }

        attestation.Passkey.Name = Name;
        audit.Add("account.passkey-added", "User", user.Id, Name);
        var added = await users.AddOrUpdatePasskeyAsync(user, attestation.Passkey);
        if (!added.Succeeded)
        {
            ModelState.AddModelError(nameof(Name), "Your passkey could not be added. Try again");
            return Page();
        }

        if (!user.TwoFactorEnabled)
        {
            // The first second factor: from now on the password alone does not sign in.
            audit.Add("account.two-factor-enabled", "User", user.Id, "passkey");
            await users.SetTwoFactorEnabledAsync(user, true);
            var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, SetupModel.RecoveryCodeCount);
            await signIn.RefreshSignInAsync(user);
            RecoveryCodes = string.Join(' ', codes ?? []);
            return RedirectToPage("/Account/TwoFactor/RecoveryCodes");
        }

        await users.UpdateSecurityStampAsync(user);
        await signIn.RefreshSignInAsync(user);
        Message = $"Your passkey {Name} has been added.";
        return RedirectToPage("/Account/Passkeys/Index");
    }
}
