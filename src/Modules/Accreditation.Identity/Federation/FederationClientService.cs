using System.Collections.Concurrent;
using Accreditation.Core.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using OpenIddict.Abstractions;
using OpenIddict.Client;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Accreditation.Identity.Federation;

/// <summary>
/// OpenIddict's client service, which also finds the registrations of organisations' own identity providers. OpenIddict
/// 7 reads registrations from its options, fixed at start-up; organisations' providers are added by admins at run time,
/// so each lookup of an organisation's registration reads its row, and the registration (with the provider's
/// discovered configuration and keys) is rebuilt only when the row changed (its row version moved). A change therefore works at once on every
/// web node, with no restart.
/// </summary>
public sealed class FederationClientService(IServiceProvider provider, IServiceScopeFactory scopes, SiteAddress site) : OpenIddictClientService(provider)
{
    private const string VersionProperty = "accreditation:row_version";
    private readonly ConcurrentDictionary<Guid, OpenIddictClientRegistration> registrations = new();

    /// <inheritdoc />
    public override async ValueTask<OpenIddictClientRegistration> GetClientRegistrationByIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        if (SignInProviders.OrganisationOf(identifier) is not { } organisationId)
        {
            return await base.GetClientRegistrationByIdAsync(identifier, cancellationToken);
        }

        await using var scope = scopes.CreateAsyncScope();
        var providers = scope.ServiceProvider.GetRequiredService<SignInProviders>();
        var row = await providers.FindAsync(organisationId, cancellationToken)
            ?? throw new InvalidOperationException($"The sign-in provider of organisation {organisationId} was removed.");

        if (registrations.TryGetValue(organisationId, out var cached) &&
            cached.Properties.TryGetValue(VersionProperty, out var stamp) && Equals(stamp, (row.Version, row.UpdatedAt)))
        {
            return cached;
        }

        var registration = Build(row, providers.SecretOf(row));
        registrations[organisationId] = registration;
        return registration;
    }

    private OpenIddictClientRegistration Build(OrganisationSignInProvider row, string secret)
    {
        var issuer = new Uri(row.Authority, UriKind.Absolute);
        var registration = new OpenIddictClientRegistration
        {
            RegistrationId = SignInProviders.RegistrationIdOf(row.OrganisationId),
            ProviderDisplayName = row.DisplayName,
            Issuer = issuer,
            ClientId = row.ClientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            RedirectUri = site.Of("/" + OpenIdConnect.OpenIdConnectServices.FederationCallbackPath),
            // OpenID Connect Discovery: the issuer's path, then /.well-known/openid-configuration.
            ConfigurationEndpoint = new Uri($"{issuer.AbsoluteUri.TrimEnd('/')}/.well-known/openid-configuration", UriKind.Absolute),
        };
        registration.Scopes.UnionWith([Scopes.OpenId, Scopes.Profile, Scopes.Email]);
        // The code comes back in the query string: no cross-site form post, so the sign-in works with Lax cookies.
        registration.ResponseModes.Add(ResponseModes.Query);
        registration.Properties[VersionProperty] = (row.Version, row.UpdatedAt);
        registration.ConfigurationManager = new ConfigurationManager<OpenIddictConfiguration>(
            registration.ConfigurationEndpoint.AbsoluteUri, new OpenIddictClientRetriever(this, registration))
        {
            AutomaticRefreshInterval = ConfigurationManager<OpenIddictConfiguration>.DefaultAutomaticRefreshInterval,
            RefreshInterval = ConfigurationManager<OpenIddictConfiguration>.DefaultRefreshInterval,
        };
        return registration;
    }
}
