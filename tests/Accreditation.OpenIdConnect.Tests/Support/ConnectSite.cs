using Accreditation.Identity.Clients;
using Accreditation.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.OpenIdConnect.Tests.Support;

/// <summary>The site reached over https (as OpenIddict requires outside Development), with helpers to register clients.</summary>
public class ConnectSite : PlatformFactory
{
    /// <summary>The site's public address in tests.</summary>
    public static readonly Uri Address = new("https://localhost/");

    /// <summary>Serves the site on https://localhost.</summary>
    public ConnectSite()
    {
        ClientOptions.BaseAddress = Address;
    }

    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Site:BaseUrl"] = Address.AbsoluteUri };

    /// <summary>A browser on https: keeps cookies, follows no redirects, has a client address of its own.</summary>
    public HttpClient CreateBrowser()
    {
        var client = CreateBrowserLikeClient();
        client.BaseAddress = Address;
        return client;
    }

    /// <summary>A plain HTTP client of another system (no cookies, no redirects followed).</summary>
    public HttpClient CreateSystemClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = Address, AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, "203.0.113." + Random.Shared.Next(1, 250));
        return client;
    }

    /// <summary>Registers a client through the same service the admin pages use; returns its secret.</summary>
    public Task<string?> RegisterClientAsync(ClientInput input, string? secret = null) =>
        WithScopeAsync(async sp =>
        {
            var (created, problems) = await sp.GetRequiredService<ClientApplications>().CreateAsync(input, secret);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException(string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")));
            }

            return created;
        });

    /// <summary>A confidential, first-party web application using the authorization code flow with refresh tokens.</summary>
    public static ClientInput WebApplication(string clientId, string redirectUri = "https://app.example.gov.uk/signin-oidc", bool firstParty = true) =>
        new(clientId, "Case system " + clientId, "confidential", firstParty, [redirectUri], ["https://app.example.gov.uk/signed-out"],
            ["authorization_code", "refresh_token"], ["openid", "profile", "email"], null);

    /// <summary>A client-credentials system acting for an organisation.</summary>
    public static ClientInput System(string clientId, Guid organisationId, params string[] scopes) =>
        new(clientId, "Reporting system " + clientId, "confidential", true, [], [], ["client_credentials"], scopes, organisationId);
}
