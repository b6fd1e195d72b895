using Accreditation.Identity.Clients;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Admin.Clients;

/// <summary>The client applications that may use the platform's OpenID Connect server and API.</summary>
[Authorize(Policy = ClientPermissions.ManageClientsPolicy)]
public sealed class IndexModel(ClientApplications clients) : PageModel
{
    /// <summary>Every client.</summary>
    public IReadOnlyList<ClientSummary> Clients { get; private set; } = [];

    /// <summary>Lists them.</summary>
    public async Task OnGetAsync() => Clients = await clients.ListAsync(HttpContext.RequestAborted);
}
