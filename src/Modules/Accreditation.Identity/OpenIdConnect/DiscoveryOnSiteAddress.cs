using Accreditation.Core.Web;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Accreditation.Identity.OpenIdConnect;

/// <summary>
/// Puts every endpoint of the discovery document on the site's one address. OpenIddict takes the issuer from its options
/// (set to <see cref="SiteAddress"/>) but builds the endpoint URIs from the request's own host, which a caller chooses;
/// this runs after it and moves each onto the site's address, keeping its path.
/// </summary>
public sealed class DiscoveryOnSiteAddress(SiteAddress site) : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    /// <summary>The handler's place: straight after OpenIddict has attached the endpoints.</summary>
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<DiscoveryOnSiteAddress>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachEndpoints.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <inheritdoc />
    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Issuer = site.Root;
        context.AuthorizationEndpoint = OnSite(context.AuthorizationEndpoint);
        context.DeviceAuthorizationEndpoint = OnSite(context.DeviceAuthorizationEndpoint);
        context.EndSessionEndpoint = OnSite(context.EndSessionEndpoint);
        context.IntrospectionEndpoint = OnSite(context.IntrospectionEndpoint);
        context.JsonWebKeySetEndpoint = OnSite(context.JsonWebKeySetEndpoint);
        context.PushedAuthorizationEndpoint = OnSite(context.PushedAuthorizationEndpoint);
        context.RevocationEndpoint = OnSite(context.RevocationEndpoint);
        context.TokenEndpoint = OnSite(context.TokenEndpoint);
        context.UserInfoEndpoint = OnSite(context.UserInfoEndpoint);
        return ValueTask.CompletedTask;
    }

    private Uri? OnSite(Uri? endpoint) => endpoint is null ? null : new Uri(site.Root, endpoint.IsAbsoluteUri ? endpoint.PathAndQuery : endpoint.OriginalString);
}
