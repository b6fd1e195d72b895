using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Identity.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Account.TwoFactor;

/// <summary>
/// The signed-in person's two-factor authentication: offered to those without it, new recovery codes for those with
/// it, and turning it off for those whose role does not need it.
/// </summary>
public sealed class IndexModel(UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, TwoFactorRequirement requirement, IAuditTrail audit) : PageModel
{
    /// <summary>Whether two-factor authentication is on.</summary>
    public bool Enabled { get; private set; }

    /// <summary>Whether the person's role needs it.</summary>
    public bool Required { get; private set; }

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
        Required = requirement.RequiredFor(User);
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
            return Redirect("/account/two-factor/setup");
        }

        audit.Add("account.recovery-codes-renewed", "User", user.Id);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, SetupModel.RecoveryCodeCount);
        RecoveryCodes = string.Join(' ', codes ?? []);
        return Redirect("/account/two-factor/recovery-codes");
    }

    /// <summary>Turns two-factor authentication off, for people whose role does not need it.</summary>
    public async Task<IActionResult> OnPostTurnOffAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (requirement.RequiredFor(User))
        {
            return Forbid();
        }

        audit.Add("account.two-factor-disabled", "User", user.Id);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        Message = "Two-factor authentication is off.";
        return Redirect("/account/two-factor");
    }
}
