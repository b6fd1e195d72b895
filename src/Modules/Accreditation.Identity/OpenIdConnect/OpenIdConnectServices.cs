using System.Threading.RateLimiting;
using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Core.Web;
using Accreditation.Identity.Clients;
using Accreditation.Identity.Federation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Accreditation.Identity.OpenIdConnect;

/// <summary>
/// Registers OpenIddict on the shared database: the server (authorization code with PKCE S256 only, refresh tokens
/// that roll and expire absolutely, client credentials, revocation, userinfo, end-session), validation of our own
/// access tokens for the API, and the client that signs people in with their authority's identity provider.
/// </summary>
public static class OpenIdConnectServices
{
    /// <summary>Where each authority's identity provider sends people back.</summary>
    public const string FederationCallbackPath = "connect/federated/callback";

    /// <summary>Adds the OpenID Connect server, validation, the federation client and their pages' services.</summary>
    public static ModuleServices AddOpenIdConnect(this ModuleServices module)
    {
        var services = module.Services;
        services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<AccreditationDbContext>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/logout")
                    .SetRevocationEndpointUris("connect/revoke");
                options.AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();

                // PKCE for every authorization code, and only S256: "plain" would hand the verifier to anyone who
                // saw the authorization request.
                options.RequireProofKeyForCodeExchange();
                options.Configure(o =>
                {
                    o.CodeChallengeMethods.Clear();
                    o.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });

                options.RegisterScopes([Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, .. ConnectScopes.Api]);
                options.RegisterClaims(Claims.Subject, Claims.Name, Claims.Email, Claims.EmailVerified);
                options.RegisterAudiences(ConnectScopes.ApiResource);

                options.SetAccessTokenLifetime(TimeSpan.FromMinutes(30))
                    .SetIdentityTokenLifetime(TimeSpan.FromMinutes(30))
                    .SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(2))
                    .SetRefreshTokenLifetime(TimeSpan.FromDays(14));

                // Rolling refresh tokens (OpenIddict's default): each use redeems the old one, and using it again
                // revokes the whole grant. No reuse leeway, and no sliding: a grant ends 14 days after it was made.
                options.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                options.DisableSlidingRefreshTokenExpiration();

                options.AddEventHandler(DiscoveryOnSiteAddress.Descriptor);

                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough();
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                options.AddAudiences(ConnectScopes.ApiResource);
                options.EnableAuthorizationEntryValidation();
                options.EnableTokenEntryValidation();
                options.UseAspNetCore();
            })
            .AddClient(options =>
            {
                options.AllowAuthorizationCodeFlow();
                options.SetRedirectionEndpointUris(FederationCallbackPath);
                options.UseAspNetCore().EnableRedirectionEndpointPassthrough();
                options.UseSystemNetHttp();
            });

        // Local development runs on http://localhost; everywhere else OpenIddict refuses plain http.
        services.AddOptions<OpenIddictServerAspNetCoreOptions>()
            .Configure<IHostEnvironment>((o, env) => o.DisableTransportSecurityRequirement = env.IsDevelopment());
        services.AddOptions<OpenIddictClientAspNetCoreOptions>()
            .Configure<IHostEnvironment>((o, env) => o.DisableTransportSecurityRequirement = env.IsDevelopment());
        // The issuer, and so every endpoint in discovery, is the site's one address: never the request's Host header.
        services.AddOptions<OpenIddictServerOptions>().Configure<SiteAddress>((o, site) => o.Issuer = site.Root);
        services.AddOptions<OpenIddictClientOptions>().Configure<SiteAddress>((o, site) => o.ClientUri = site.Root);

        services.AddSingleton<SigningKeys>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<SigningKeys>());
        services.AddSingleton<IConfigureOptions<OpenIddictClientOptions>>(sp => sp.GetRequiredService<SigningKeys>());

        // Organisations' identity providers live in the database: the client service builds their registrations on
        // demand, so a provider added or changed by an admin works at once on every web node, without a restart.
        services.Replace(ServiceDescriptor.Singleton<OpenIddictClientService, FederationClientService>());

        var permits = module.Configuration.GetValue("RateLimits:TokenPerMinute", 60);
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(ConnectEndpoints.TokenRateLimitPolicy, context =>
            RateLimitPartition.GetFixedWindowLimiter(
                "token:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));

        services.AddScoped<PersonClaims>();
        services.AddScoped<RevokePersonTokens>();
        services.AddScoped<Core.Identity.IPersonDeactivated, RevokeTokensOnDeactivation>();
        services.AddScoped<ClientApplications>();
        services.AddScoped<SignInProviders>();
        services.AddScoped<IStartupTask, OpenIdConnectKeysCheck>();
        module.AddBackgroundTask<TokenPruning>();
        return module;
    }
}

/// <summary>Loads the signing and encryption keys at start-up, so missing certificates stop the site before it takes requests.</summary>
public sealed class OpenIdConnectKeysCheck(IOptionsMonitor<OpenIddictServerOptions> server, IOptionsMonitor<OpenIddictClientOptions> client) : IStartupTask
{
    /// <inheritdoc />
    public int Order => -100;

    /// <inheritdoc />
    public Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        _ = server.CurrentValue;
        _ = client.CurrentValue;
        return Task.CompletedTask;
    }
}
