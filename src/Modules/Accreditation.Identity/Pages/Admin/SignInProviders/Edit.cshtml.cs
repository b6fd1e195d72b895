using Accreditation.Core.Data;
using Accreditation.Identity.Clients;
using Accreditation.Identity.Federation;
using Accreditation.Identity.Organisations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Pages.Admin.SignInProviders;

/// <summary>Adds or changes an organisation's identity provider; the client secret is stored encrypted and never shown.</summary>
[Authorize(Policy = ClientPermissions.ManageClientsPolicy)]
public sealed class EditModel(Federation.SignInProviders providers, AccreditationDbContext db) : PageModel
{
    /// <summary>The organisations to choose from.</summary>
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    /// <summary>The organisation, from the address when editing.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? OrganisationId { get; set; }

    /// <summary>The organisation as typed when adding.</summary>
    [BindProperty]
    public string? Organisation { get; set; }

    /// <summary>The name on the button.</summary>
    [BindProperty]
    public string? DisplayName { get; set; }

    /// <summary>The provider's issuer.</summary>
    [BindProperty]
    public string? Authority { get; set; }

    /// <summary>Our client id there.</summary>
    [BindProperty]
    public string? ClientId { get; set; }

    /// <summary>Our client secret there (blank keeps the stored one).</summary>
    [BindProperty]
    public string? ClientSecret { get; set; }

    /// <summary>Whether the button is offered.</summary>
    [BindProperty]
    public bool Enabled { get; set; } = true;

    /// <summary>Whether the provider's own second factor counts as this service's.</summary>
    [BindProperty]
    public bool TrustSecondFactor { get; set; }

    /// <summary>The acr values that mean a second factor was given (space-separated).</summary>
    [BindProperty]
    public string? TrustedAcrValues { get; set; }

    /// <summary>The row version read with the form.</summary>
    [BindProperty]
    public uint? Version { get; set; }

    /// <summary>Whether an existing provider is being changed.</summary>
    public bool Editing => OrganisationId is not null;

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        await LoadOrganisationsAsync();
        if (OrganisationId is { } id)
        {
            var provider = await providers.FindAsync(id, HttpContext.RequestAborted);
            if (provider is null)
            {
                return NotFound();
            }

            Organisation = id.ToString();
            DisplayName = provider.DisplayName;
            Authority = provider.Authority;
            ClientId = provider.ClientId;
            Enabled = provider.Enabled;
            TrustSecondFactor = provider.TrustSecondFactor;
            TrustedAcrValues = provider.TrustedAcrValues;
            Version = provider.Version;
        }

        return Page();
    }

    /// <summary>Saves, or shows what to correct next to each field.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Clear();
        await LoadOrganisationsAsync();
        var organisation = OrganisationId ?? (Guid.TryParse(Organisation?.Trim(), out var parsed) ? parsed : Guid.Empty);
        var problems = await providers.SaveAsync(
            new SignInProviderInput(organisation, DisplayName ?? "", Authority ?? "", ClientId ?? "", ClientSecret, Enabled, TrustSecondFactor, TrustedAcrValues),
            Editing ? Version : null,
            HttpContext.RequestAborted);
        foreach (var (field, message) in problems)
        {
            ModelState.AddModelError(field == "OrganisationId" ? nameof(Organisation) : field, message);
        }

        return ModelState.IsValid ? RedirectToPage("/Admin/SignInProviders/Index") : Page();
    }

    private async Task LoadOrganisationsAsync() =>
        Organisations = await db.Set<Organisation>().AsNoTracking().OrderBy(o => o.Name).ToListAsync(HttpContext.RequestAborted);

    /// <summary>Removes the provider.</summary>
    public async Task<IActionResult> OnPostDeleteAsync() =>
        OrganisationId is { } id && await providers.DeleteAsync(id, HttpContext.RequestAborted) ? RedirectToPage("/Admin/SignInProviders/Index") : NotFound();
}
