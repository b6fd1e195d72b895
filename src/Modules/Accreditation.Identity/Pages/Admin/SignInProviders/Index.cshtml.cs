using Accreditation.Identity.Clients;
using Accreditation.Identity.Federation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Admin.SignInProviders;

/// <summary>Organisations whose people sign in with their own organisation's identity provider.</summary>
[Authorize(Policy = ClientPermissions.ManageClientsPolicy)]
public sealed class IndexModel(Federation.SignInProviders providers) : PageModel
{
    /// <summary>Every provider.</summary>
    public IReadOnlyList<OrganisationSignInProvider> Providers { get; private set; } = [];

    /// <summary>Lists them.</summary>
    public async Task OnGetAsync() => Providers = await providers.ListAsync(HttpContext.RequestAborted);
}
