using Accreditation.Core.Identity;
using Accreditation.Identity.Clients;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Admin.Clients;

/// <summary>Changes a client application, replaces its secret or removes it.</summary>
[Authorize(Policy = ClientPermissions.ManageClientsPolicy)]
public sealed class EditModel(ClientApplications clients, IOrganisationDirectory organisations) : PageModel
{
    /// <summary>The client's id, from the address.</summary>
    [BindProperty(SupportsGet = true)]
    public string ClientId { get; set; } = "";

    /// <summary>The form.</summary>
    [BindProperty]
    public ClientForm Client { get; set; } = new();

    /// <summary>A new secret, shown once after it is replaced.</summary>
    public string? NewSecret { get; private set; }

    /// <summary>What was done, for the banner.</summary>
    public string? Message { get; private set; }

    /// <summary>Shows the client.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var input = await clients.FindAsync(ClientId, HttpContext.RequestAborted);
        if (input is null)
        {
            return NotFound();
        }

        Client = ClientForm.From(input);
        return Page();
    }

    /// <summary>Saves the changes.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Clear();
        var input = await Client.ToInputAsync(ModelState, nameof(Client), organisations, HttpContext.RequestAborted);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var problems = await clients.UpdateAsync(ClientId, input, HttpContext.RequestAborted);
        if (problems.Count > 0)
        {
            ClientForm.AddProblems(ModelState, nameof(Client), problems);
            return Page();
        }

        Message = "Changes saved";
        return await OnGetAsync();
    }

    /// <summary>Replaces the secret; the new one is shown once.</summary>
    public async Task<IActionResult> OnPostSecretAsync()
    {
        NewSecret = await clients.RegenerateSecretAsync(ClientId, HttpContext.RequestAborted);
        if (NewSecret is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        Message = "New client secret made: the old one no longer works";
        return await OnGetAsync();
    }

    /// <summary>Removes the client.</summary>
    public async Task<IActionResult> OnPostDeleteAsync() =>
        await clients.DeleteAsync(ClientId, HttpContext.RequestAborted) ? RedirectToPage("/Admin/Clients/Index") : NotFound();
}
