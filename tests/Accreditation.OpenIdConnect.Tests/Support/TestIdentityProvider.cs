using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Accreditation.OpenIdConnect.Tests.Support;

/// <summary>
/// A local authority's own identity provider for tests: a minimal ASP.NET Core app with an OpenIddict server, listening on
/// a loopback Kestrel port, so the platform's OpenIddict client reaches it over real HTTP. Whoever is in
/// <see cref="Person"/> is "signed in" there and comes back to the platform as that person.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    /// <summary>The platform's client id at this provider.</summary>
    public const string ClientId = "accreditation-platform";

    /// <summary>The platform's client secret at this provider.</summary>
    public const string ClientSecret = "a long secret the authority gave the platform 0123456789";

    private readonly WebApplication app;
    private readonly SqliteConnection database = new("Data Source=:memory:");

    private TestIdentityProvider(WebApplication app, SqliteConnection connection)
    {
        this.app = app;
        database = connection;
    }

    /// <summary>The provider's issuer, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Issuer { get; private set; } = null!;

    /// <summary>The person signed in at the provider: subject, email and whether the provider verified the email.</summary>
    public (string Subject, string Email, bool EmailVerified) Person { get; set; } = ("subject-1", "nobody@example.gov.uk", true);

    /// <summary>The "amr" values the provider puts in its identity token (none by default: a password only).</summary>
    public IReadOnlyList<string> Amr { get; set; } = [];

    /// <summary>Starts the provider; the platform's redirect URI is <paramref name="platformCallback"/>.</summary>
    public static async Task<TestIdentityProvider> StartAsync(Uri platformCallback, TimeProvider clock)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(clock);
        builder.Services.AddDbContext<ProviderDb>(o => o.UseSqlite(connection).UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("authorize").SetTokenEndpointUris("token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
                o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        var provider = new TestIdentityProvider(app, connection);
        app.MapGet("/authorize", (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest()!;
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, provider.Person.Subject)
                .SetClaim(Claims.Email, provider.Person.Email)
                .SetClaim(Claims.EmailVerified, provider.Person.EmailVerified)
                .SetClaim(Claims.Name, provider.Person.Email);
            if (provider.Amr.Count > 0)
            {
                identity.SetClaims(Claims.AuthenticationMethodReference, [.. provider.Amr]);
            }

            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
            await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                ClientType = ClientTypes.Confidential,
                RedirectUris = { platformCallback },
                Permissions =
                {
                    Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                    Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Email, Permissions.Scopes.Profile,
                },
            });
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Issuer = new Uri(address.TrimEnd('/') + "/");
        return provider;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <summary>The provider's store.</summary>
    private sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
}
