using Accreditation.Core.Auditing;
using Accreditation.Identity.Federation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;

namespace Accreditation.Identity.Pages.Connect;

/// <summary>"Sign in with your authority": sends the person to their organisation's identity provider.</summary>
[AllowAnonymous]
[EnableRateLimiting("sign-in")]
public sealed class FederatedModel(SignInProviders providers, OpenIddictClientService client, IAuditTrail audit, ILogger<FederatedModel> logger) : PageModel
{
    /// <summary>The organisation whose provider to use.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid OrganisationId { get; set; }

    /// <summary>Where to go once signed in (local URLs only).</summary>
    [BindProperty]
    public string? ReturnUrl { get; set; }

    /// <summary>Only the sign-in page's button starts this.</summary>
    public IActionResult OnGet() => RedirectToPage("/Account/SignIn");

    /// <summary>Challenges the organisation's provider; one that cannot be reached gets a page saying so, not an error.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var provider = await providers.FindAsync(OrganisationId);
        if (provider is not { Enabled: true })
        {
            return NotFound();
        }

        var properties = new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/" };
        properties.Items[OpenIddictClientAspNetCoreConstants.Properties.RegistrationId] = SignInProviders.RegistrationIdOf(OrganisationId);
        try
        {
            // The provider's configuration (cached by OpenIddict) is needed to send the person there: fetch it first, so
            // a provider that cannot be reached gets a page saying so rather than OpenIddict's bare error response.
            await client.GetServerConfigurationByRegistrationIdAsync(SignInProviders.RegistrationIdOf(OrganisationId), HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("The identity provider of organisation {OrganisationId} could not be reached: {Problem}", OrganisationId, e.Message);
            await audit.RecordAsync("account.federated-sign-in-failed", "Organisation", OrganisationId.ToString(), "identity provider unreachable");
            return Redirect($"{FederatedSignIn.RefusedPath}?reason=unreachable&organisation={OrganisationId}");
        }

        return Challenge(properties, OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
    }
}
