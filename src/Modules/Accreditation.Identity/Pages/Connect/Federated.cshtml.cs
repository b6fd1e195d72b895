using Accreditation.Identity.Federation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OpenIddict.Client.AspNetCore;

namespace Accreditation.Identity.Pages.Connect;

/// <summary>"Sign in with your authority": sends the person to their organisation's identity provider.</summary>
[AllowAnonymous]
[EnableRateLimiting("sign-in")]
public sealed class FederatedModel(SignInProviders providers) : PageModel
{
    /// <summary>The organisation whose provider to use.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid OrganisationId { get; set; }

    /// <summary>Where to go once signed in (local URLs only).</summary>
    [BindProperty]
    public string? ReturnUrl { get; set; }

    /// <summary>Only the sign-in page's button starts this.</summary>
    public IActionResult OnGet() => Redirect("/account/sign-in");

    /// <summary>Challenges the organisation's provider.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var provider = await providers.FindAsync(OrganisationId);
        if (provider is not { Enabled: true })
        {
            return NotFound();
        }

        var properties = new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/" };
        properties.Items[OpenIddictClientAspNetCoreConstants.Properties.RegistrationId] = SignInProviders.RegistrationIdOf(OrganisationId);
        return Challenge(properties, OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
    }
}
