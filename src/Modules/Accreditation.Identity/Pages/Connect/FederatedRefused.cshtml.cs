using Accreditation.Identity.Federation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Connect;

/// <summary>Tells a person why signing in with their organisation's account did not work, and what to do.</summary>
[AllowAnonymous]
public sealed class FederatedRefusedModel(SignInProviders providers) : PageModel
{
    /// <summary>The organisation's name as on its button, or a generic one.</summary>
    public string ProviderName { get; private set; } = "your organisation's account";

    /// <summary>Whether the provider answered but no account matched (rather than the sign-in failing).</summary>
    public bool NoAccount { get; private set; }

    /// <summary>Whether the provider could not be reached to start signing in.</summary>
    public bool Unreachable { get; private set; }

    /// <summary>Shows the reason.</summary>
    public async Task OnGetAsync(string? reason, Guid? organisation)
    {
        NoAccount = reason == "no-account";
        Unreachable = reason == "unreachable";
        if (organisation is { } id && await providers.FindAsync(id) is { } provider)
        {
            ProviderName = provider.DisplayName;
        }
    }
}
