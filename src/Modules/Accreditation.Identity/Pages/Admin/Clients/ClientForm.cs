using Accreditation.Core.Forms;
using Accreditation.Core.Identity;
using Accreditation.Identity.Clients;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Accreditation.Identity.Pages.Admin.Clients;

/// <summary>The fields of the client form as posted: URIs one per line, the organisation chosen from a list.</summary>
public sealed class ClientForm
{
    /// <summary>Client ID.</summary>
    public string? ClientId { get; set; }

    /// <summary>Name shown to people.</summary>
    public string? DisplayName { get; set; }

    /// <summary>confidential or public.</summary>
    public string? ClientType { get; set; } = OpenIddict.Abstractions.OpenIddictConstants.ClientTypes.Confidential;

    /// <summary>Whether people are not asked for consent.</summary>
    public bool FirstParty { get; set; }

    /// <summary>Redirect URIs, one per line.</summary>
    public string? RedirectUris { get; set; }

    /// <summary>Post-logout redirect URIs, one per line.</summary>
    public string? PostLogoutRedirectUris { get; set; }

    /// <summary>Allowed flows.</summary>
    public List<string> Flows { get; set; } = [];

    /// <summary>Allowed scopes.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The organisation a client-credentials client acts for.</summary>
    public string? OrganisationId { get; set; }

    /// <summary>The input, or a problem when the organisation chosen is not one of the directory's.</summary>
    public async Task<ClientInput> ToInputAsync(ModelStateDictionary modelState, string prefix, IOrganisationDirectory organisations, CancellationToken ct)
    {
        Guid? organisation = null;
        if (!string.IsNullOrWhiteSpace(OrganisationId))
        {
            if (Guid.TryParse(OrganisationId.Trim(), out var id) && await organisations.FindAsync(id, ct) is not null)
            {
                organisation = id;
            }
            else
            {
                // Only a forged form, or an organisation removed meanwhile, names one that is not in the list.
                modelState.AddModelError($"{prefix}.OrganisationId", "Select the organisation from the list");
            }
        }

        return new ClientInput(
            ClientId?.Trim() ?? "",
            DisplayName?.Trim() ?? "",
            ClientType ?? "",
            FirstParty,
            Lines(RedirectUris),
            Lines(PostLogoutRedirectUris),
            Flows,
            Scopes,
            organisation);
    }

    /// <summary>The form filled from a client.</summary>
    public static ClientForm From(ClientInput input) => new()
    {
        ClientId = input.ClientId,
        DisplayName = input.DisplayName,
        ClientType = input.ClientType,
        FirstParty = input.FirstParty,
        RedirectUris = string.Join('\n', input.RedirectUris),
        PostLogoutRedirectUris = string.Join('\n', input.PostLogoutRedirectUris),
        Flows = [.. input.Flows],
        Scopes = [.. input.Scopes],
        OrganisationId = input.OrganisationId?.ToString(),
    };

    /// <summary>Adds problems to the model state next to their fields.</summary>
    public static void AddProblems(ModelStateDictionary modelState, string prefix, IEnumerable<FormError> problems)
    {
        foreach (var problem in problems)
        {
            modelState.AddModelError($"{prefix}.{problem.Field}", problem.Message);
        }
    }

    private static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
}
