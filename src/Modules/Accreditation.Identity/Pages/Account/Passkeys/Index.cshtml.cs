using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Identity.SignInSecurity;
using Accreditation.Identity.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Accreditation.Identity.Pages.Account.Passkeys;

/// <summary>The signed-in person's passkeys: each one's name and when it was added; rename or remove one.</summary>
[RequireRecentSignIn(IncludeGet = false)]
public sealed class IndexModel(UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, TwoFactorRequirement requirement, IAuditTrail audit) : PageModel
{
    /// <summary>The most characters a passkey's name may have.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The passkeys, newest first.</summary>
    public IReadOnlyList<UserPasskeyInfo> Passkeys { get; private set; } = [];

    /// <summary>The passkey being renamed or removed (its credential id, base64url).</summary>
    [BindProperty]
    public string? Id { get; set; }

    /// <summary>The new name.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The outcome of the last change.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>The credential id as the page writes it.</summary>
    public static string IdOf(UserPasskeyInfo passkey) => WebEncoders.Base64UrlEncode(passkey.CredentialId);

    /// <summary>Shows the list.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user);
        return Page();
    }

    /// <summary>Renames a passkey.</summary>
    public async Task<IActionResult> OnPostRenameAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var passkey = await FindAsync(user);
        if (passkey is null)
        {
            return NotFound();
        }

        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            ModelState.AddModelError("Name-" + Id, string.IsNullOrEmpty(name) ? "Enter a name for the passkey" : $"The name must be {MaxNameLength} characters or fewer");
            await LoadAsync(user);
            return Page();
        }

        passkey.Name = name;
        audit.Add("account.passkey-renamed", "User", user.Id);
        await users.AddOrUpdatePasskeyAsync(user, passkey);
        Message = $"The passkey is now called {name}.";
        return RedirectToPage("/Account/Passkeys/Index");
    }

    /// <summary>Removes a passkey, unless it is the person's only second factor and they must have one.</summary>
    public async Task<IActionResult> OnPostRemoveAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var passkey = await FindAsync(user);
        if (passkey is null)
        {
            return NotFound();
        }

        var others = (await users.GetPasskeysAsync(user)).Count - 1;
        var hasAuthenticator = !string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user));
        if (others == 0 && !hasAuthenticator && requirement.RequiredFor(User))
        {
            ModelState.AddModelError("Remove-" + Id, "This is your only second factor. Add another passkey or set up an authenticator app before you remove it");
            await LoadAsync(user);
            return Page();
        }

        audit.Add("account.passkey-removed", "User", user.Id, passkey.Name);
        await users.RemovePasskeyAsync(user, passkey.CredentialId);
        if (others == 0 && !hasAuthenticator && user.TwoFactorEnabled)
        {
            await users.SetTwoFactorEnabledAsync(user, false);
        }

        await users.UpdateSecurityStampAsync(user);
        await signIn.RefreshSignInAsync(user);
        Message = $"The passkey {passkey.Name} has been removed.";
        return RedirectToPage("/Account/Passkeys/Index");
    }

    private async Task<UserPasskeyInfo?> FindAsync(PlatformUser user)
    {
        byte[] id;
        try
        {
            id = WebEncoders.Base64UrlDecode(Id ?? "");
        }
        catch (FormatException)
        {
            return null;
        }

        return id.Length == 0 ? null : await users.GetPasskeyAsync(user, id);
    }

    private async Task LoadAsync(PlatformUser user) =>
        Passkeys = (await users.GetPasskeysAsync(user)).OrderByDescending(p => p.CreatedAt).ToList();
}
