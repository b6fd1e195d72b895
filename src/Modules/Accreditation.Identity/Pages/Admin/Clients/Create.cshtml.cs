using Accreditation.Core.Identity;
using Accreditation.Identity.Clients;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Admin.Clients;

/// <summary>Registers a client application; a confidential client's secret is shown once, here, and never again.</summary>
[Authorize(Policy = ClientPermissions.ManageClientsPolicy)]
public sealed class CreateModel(ClientApplications clients, IOrganisationDirectory organisations) : PageModel
{
    /// <summary>The form.</summary>
    [BindProperty]
    public ClientForm Client { get; set; } = new();

    /// <summary>The new client's secret, shown once after it is registered.</summary>
    public string? Secret { get; private set; }

    /// <summary>Whether the client was registered.</summary>
    public bool Created { get; private set; }

    /// <summary>Shows the empty form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Registers the client, or shows what to correct next to each field.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Clear();
        var input = await Client.ToInputAsync(ModelState, nameof(Client), organisations, HttpContext.RequestAborted);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (secret, problems) = await clients.CreateAsync(input, ct: HttpContext.RequestAborted);
        if (problems.Count > 0)
        {
            ClientForm.AddProblems(ModelState, nameof(Client), problems);
            return Page();
        }

        Created = true;
        Secret = secret;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
