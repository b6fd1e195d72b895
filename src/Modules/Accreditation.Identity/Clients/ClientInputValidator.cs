using System.Text.RegularExpressions;
using Accreditation.Identity.OpenIdConnect;
using FluentValidation;
using FluentValidation.Results;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Accreditation.Identity.Clients;

/// <summary>
/// Checks a client application as an admin or a recipe gave it: everything that can be checked without the database,
/// field by field in the order the form shows them (a client ID already taken is found by <see cref="ClientApplications"/>).
/// </summary>
public sealed partial class ClientInputValidator : AbstractValidator<ClientInput>
{
    /// <summary>The checks (they hold no state, so one instance serves every form).</summary>
    public static ClientInputValidator Instance { get; } = new();

    /// <summary>Makes the checks.</summary>
    public ClientInputValidator()
    {
        RuleFor(i => i.ClientId).Must(v => ClientIdPattern().IsMatch(v ?? ""))
            .WithMessage("Enter a client ID of 3 to 100 lower-case letters, digits, dots, hyphens or underscores");
        RuleFor(i => i.DisplayName).Must(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 200).WithMessage("Enter a name of at most 200 characters");
        RuleFor(i => i.ClientType).Must(v => v is ClientTypes.Confidential or ClientTypes.Public)
            .WithMessage("Select whether the client is confidential or public");

        RuleFor(i => i.Flows).Must(v => (v ?? []).Count > 0).WithMessage("Select at least one flow");
        RuleFor(i => i.Flows).Custom((flows, context) =>
        {
            // The message quotes what was sent, so it is not a message template.
            foreach (var flow in (flows ?? []).Where(f => !ClientApplications.KnownFlows.Contains(f)))
            {
                context.AddFailure(new ValidationFailure(nameof(ClientInput.Flows), $"Unknown flow '{flow}'"));
            }
        });
        RuleFor(i => i.Flows).Must((i, v) => !(Has(v, GrantTypes.ClientCredentials) && i.ClientType == ClientTypes.Public))
            .WithMessage("A public client cannot use client credentials: it cannot keep a secret");
        RuleFor(i => i.Flows).Must(v => !Has(v, GrantTypes.RefreshToken) || Has(v, GrantTypes.AuthorizationCode))
            .WithMessage("Refresh tokens are only issued with the authorization code flow");

        RuleFor(i => i.OrganisationId).Must((i, v) => v is not null || !Has(i.Flows, GrantTypes.ClientCredentials))
            .WithMessage("Select the organisation a client-credentials client acts for");
        RuleFor(i => i.OrganisationId).NotEqual(Guid.Empty).WithMessage("Select an organisation");

        RuleFor(i => i.Scopes).Custom((scopes, context) =>
        {
            foreach (var scope in (scopes ?? []).Where(s => !ConnectScopes.All.Contains(s)))
            {
                context.AddFailure(new ValidationFailure(nameof(ClientInput.Scopes), $"Unknown scope '{scope}'"));
            }
        });
        RuleFor(i => i.Scopes)
            .Must((i, v) => Has(i.Flows, GrantTypes.AuthorizationCode) || !(v ?? []).Any(s => s is Scopes.OpenId or Scopes.Profile or Scopes.Email))
            .WithMessage("openid, profile and email are about a person: they need the authorization code flow");

        RuleFor(i => i.RedirectUris).Must((i, v) => (v ?? []).Count > 0 || !Has(i.Flows, GrantTypes.AuthorizationCode))
            .WithMessage("Enter at least one redirect URI for the authorization code flow");
        Uris(i => i.RedirectUris, nameof(ClientInput.RedirectUris), "Redirect URI");
        Uris(i => i.PostLogoutRedirectUris, nameof(ClientInput.PostLogoutRedirectUris), "Post-logout redirect URI");
    }

    private static bool Has(IReadOnlyList<string>? flows, string flow) => (flows ?? []).Contains(flow);

    private void Uris(System.Linq.Expressions.Expression<Func<ClientInput, IReadOnlyList<string>>> field, string name, string what) =>
        RuleFor(field).Custom((uris, context) =>
        {
            foreach (var uri in uris ?? [])
            {
                if (ClientApplications.UriProblem(uri) is { } message)
                {
                    context.AddFailure(new ValidationFailure(name, $"{what} {uri}: {message}"));
                }
            }
        });

    [GeneratedRegex("^[a-z0-9._-]{3,100}$")]
    private static partial Regex ClientIdPattern();
}
