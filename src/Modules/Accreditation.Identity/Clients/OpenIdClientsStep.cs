using Accreditation.Core.Forms;
using Accreditation.Core.Recipes;
using OpenIddict.Abstractions;

namespace Accreditation.Identity.Clients;

/// <summary>
/// The "openid-clients" step: registers client applications. A confidential client's secret comes from the recipe
/// (normally a variable given on the command line, never written in the file); clients that exist are left alone.
/// </summary>
public sealed class OpenIdClientsStep(ClientApplications clients, IOpenIddictApplicationManager applications) : RecipeStep<OpenIdClientsStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyList<ClientData> Clients);

    /// <summary>One client.</summary>
    public sealed record ClientData(
        string ClientId,
        string DisplayName,
        string Type,
        IReadOnlyList<string> Flows,
        IReadOnlyList<string> Scopes,
        IReadOnlyList<string>? RedirectUris = null,
        IReadOnlyList<string>? PostLogoutRedirectUris = null,
        bool FirstParty = false,
        Guid? OrganisationId = null,
        string? Secret = null)
    {
        /// <summary>As the admin form would give it.</summary>
        public ClientInput ToInput() => new(ClientId, DisplayName, Type, FirstParty, RedirectUris ?? [], PostLogoutRedirectUris ?? [], Flows, Scopes, OrganisationId);
    }

    /// <inheritdoc />
    public override string Name => "openid-clients";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        for (var i = 0; i < data.Clients.Count; i++)
        {
            var client = data.Clients[i];
            foreach (var problem in ClientInputValidator.Instance.Validate(client.ToInput()).ToFormErrors())
            {
                errors.Add($"$.clients[{i}].{Member(problem.Field)}", problem.Message);
            }

            if (client.Type == OpenIddictConstants.ClientTypes.Confidential && (client.Secret is null || client.Secret.Length < 32))
            {
                errors.Add($"$.clients[{i}].secret", "A confidential client needs a secret of at least 32 characters (use a recipe variable).");
            }

            if (client.Type == OpenIddictConstants.ClientTypes.Public && client.Secret is not null)
            {
                errors.Add($"$.clients[{i}].secret", "A public client has no secret.");
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        for (var i = 0; i < data.Clients.Count; i++)
        {
            var client = data.Clients[i];
            if (await applications.FindByClientIdAsync(client.ClientId, ct) is not null)
            {
                continue;
            }

            var (_, problems) = await clients.CreateAsync(client.ToInput(), client.Secret, ct);
            if (problems.Count > 0)
            {
                throw new RecipeStepException($"$.clients[{i}].{Member(problems[0].Field)}", problems[0].Message);
            }
        }
    }

    private static string Member(string field) => field switch
    {
        "ClientType" => "type",
        _ => char.ToLowerInvariant(field[0]) + field[1..],
    };
}
