using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenIddict.Server.AspNetCore;

namespace Accreditation.Identity.Pages.Connect;

/// <summary>
/// The end-session endpoint: an application asks to sign the person out. The person confirms (so a link cannot sign
/// them out), then returns to the application's registered post-logout address, which OpenIddict has checked.
/// </summary>
[AllowAnonymous]
[AllowBeforePasswordChange]
public sealed class LogoutModel(SignInManager<PlatformUser> signIn, IAuditTrail audit) : PageModel
{
    /// <summary>The request's parameters, carried through the form.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    /// <summary>Asks the person to confirm.</summary>
    public void OnGet() =>
        Parameters = Request.Query.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).ToList();

    /// <summary>Signs out and returns to the application.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await audit.RecordAsync("account.signed-out", "User", signIn.UserManager.GetUserId(User), "asked by a client application");
        }

        await signIn.SignOutAsync();
        return SignOut(new AuthenticationProperties { RedirectUri = "/" }, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
