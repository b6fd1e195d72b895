using System.Net;
using Accreditation.Core.Identity;
using Accreditation.Identity.OpenIdConnect;
using Accreditation.OpenIdConnect.Tests.Support;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Accreditation.OpenIdConnect.Tests.Server;

/// <summary>People sign in to other applications through the platform: authorization code with PKCE, refresh, revocation.</summary>
public sealed class AuthorizationCodeFlowTests(ConnectSite site) : IClassFixture<ConnectSite>
{
    private const string RedirectUri = "https://app.example.gov.uk/signin-oidc";

    private async Task<(OidcClient Client, string Email)> NewClientAndPersonAsync(string name, bool firstParty = true)
    {
        var email = $"{name}@northshire.example.gov.uk";
        await site.CreatePersonAsync(email, [Core.Security.Roles.Candidate], p => p.DisplayName = "Amara Okafor");
        var secret = await site.RegisterClientAsync(ConnectSite.WebApplication(name, RedirectUri, firstParty));
        var client = new OidcClient(site.CreateSystemClient(), name, secret, RedirectUri);
        await client.DiscoverAsync();
        return (client, email);
    }

    private async Task<TokenAnswer> SignInThroughAsync(OidcClient client, string email, string scope = "openid profile email offline_access")
    {
        var verifier = OidcClient.NewVerifier();
        var callback = OidcClient.CallbackParameters(await OidcClient.AuthorizeAsync(site.CreateBrowser(), client.AuthorizeUrl(scope, "state-1", OidcClient.S256(verifier)), email));
        var tokens = await client.RedeemCodeAsync(callback["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        return tokens;
    }

    [Fact]
    public async Task A_relying_party_signs_a_person_in_with_code_and_pkce_reads_userinfo_refreshes_and_revokes()
    {
        var (client, email) = await NewClientAndPersonAsync("full-flow");

        // Discovery advertises the endpoints and only S256.
        Assert.Equal("S256", Assert.Single(client.Discovery.GetProperty("code_challenge_methods_supported").EnumerateArray()).GetString());
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "revocation_endpoint", "end_session_endpoint", "jwks_uri" })
        {
            Assert.StartsWith("https://localhost/", client.Discovery.GetProperty(endpoint).GetString(), StringComparison.Ordinal);
        }

        // Not signed in: the browser is sent to sign in, then back to the client with a code and the same state.
        var browser = site.CreateBrowser();
        var verifier = OidcClient.NewVerifier();
        var first = await browser.GetAsync(client.AuthorizeUrl("openid profile email offline_access", "xyz-state", OidcClient.S256(verifier)));
        Assert.Equal("/account/sign-in", first.Headers.Location?.AbsolutePath);
        var callback = OidcClient.CallbackParameters(await OidcClient.AuthorizeAsync(browser, client.AuthorizeUrl("openid profile email offline_access", "xyz-state", OidcClient.S256(verifier)), email));
        Assert.Equal("xyz-state", callback["state"]);

        var tokens = await client.RedeemCodeAsync(callback["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.NotNull(tokens["access_token"]);
        Assert.NotNull(tokens["id_token"]);
        Assert.NotNull(tokens["refresh_token"]);

        var (status, claims) = await client.UserInfoAsync(tokens["access_token"]!);
        Assert.True(status == HttpStatusCode.OK, $"{status}: {client.LastUserInfoChallenge}");
        Assert.Equal(email, claims.GetProperty("email").GetString());
        Assert.Equal("Amara Okafor", claims.GetProperty("name").GetString());

        // Rolling refresh: a new refresh token each time; the used one is refused.
        var refreshed = await client.RefreshAsync(tokens["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEqual(tokens["refresh_token"], refreshed["refresh_token"]);
        var newer = await client.RefreshAsync(refreshed["refresh_token"]!);
        Assert.Equal(HttpStatusCode.OK, newer.Status);
        var reused = await client.RefreshAsync(refreshed["refresh_token"]!);
        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
        Assert.Equal("invalid_grant", reused.Error);

        // Revocation is honoured: a fresh grant's refresh token, once revoked, is refused.
        var again = await SignInThroughAsync(client, email);
        Assert.Equal(HttpStatusCode.OK, await client.RevokeAsync(again["refresh_token"]!, "refresh_token"));
        var afterRevocation = await client.RefreshAsync(again["refresh_token"]!);
        Assert.Equal(HttpStatusCode.BadRequest, afterRevocation.Status);
        Assert.Equal("invalid_grant", afterRevocation.Error);
    }

    [Fact]
    public async Task A_plain_pkce_challenge_is_refused()
    {
        var (client, email) = await NewClientAndPersonAsync("plain-pkce");
        var verifier = OidcClient.NewVerifier();

        var response = await OidcClient.AuthorizeAsync(site.CreateBrowser(), client.AuthorizeUrl("openid", "s", verifier, method: "plain"), email);

        Assert.Contains("invalid_request", await OidcClient.RefusalAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authorization_request_without_pkce_is_refused()
    {
        var (client, email) = await NewClientAndPersonAsync("no-pkce");

        var response = await OidcClient.AuthorizeAsync(site.CreateBrowser(), client.AuthorizeUrl("openid", "s", challenge: null), email);

        Assert.Contains("invalid_request", await OidcClient.RefusalAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reused_authorization_code_is_refused_and_the_tokens_issued_from_it_are_revoked()
    {
        var (client, email) = await NewClientAndPersonAsync("code-reuse");
        var verifier = OidcClient.NewVerifier();
        var callback = OidcClient.CallbackParameters(await OidcClient.AuthorizeAsync(site.CreateBrowser(), client.AuthorizeUrl("openid profile offline_access", "s", OidcClient.S256(verifier)), email));
        var first = await client.RedeemCodeAsync(callback["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var second = await client.RedeemCodeAsync(callback["code"], verifier);

        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("invalid_grant", second.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.UserInfoAsync(first["access_token"]!)).Status);
        Assert.Equal("invalid_grant", (await client.RefreshAsync(first["refresh_token"]!)).Error);
    }

    [Fact]
    public async Task A_redirect_uri_differing_by_one_character_is_refused_without_redirecting_there()
    {
        var (client, email) = await NewClientAndPersonAsync("redirect-typo");
        var verifier = OidcClient.NewVerifier();

        var response = await OidcClient.AuthorizeAsync(site.CreateBrowser(),
            client.AuthorizeUrl("openid", "s", OidcClient.S256(verifier), redirect: RedirectUri + "x"), email);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_scope_the_client_was_not_granted_is_refused()
    {
        var (client, email) = await NewClientAndPersonAsync("ungranted-scope");
        var verifier = OidcClient.NewVerifier();

        var response = await OidcClient.AuthorizeAsync(site.CreateBrowser(), client.AuthorizeUrl("openid cpd.read", "s", OidcClient.S256(verifier)), email);

        Assert.Contains("not allowed to use the specified scope", await OidcClient.RefusalAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_third_party_application_asks_for_consent_and_gets_no_code_when_refused()
    {
        var (client, email) = await NewClientAndPersonAsync("third-party", firstParty: false);
        var browser = site.CreateBrowser();
        var verifier = OidcClient.NewVerifier();
        var url = client.AuthorizeUrl("openid email", "s", OidcClient.S256(verifier));
        await browser.SignInAsync(email, People.Password);

        var screen = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, screen.StatusCode);
        var page = Pages.Parse(await screen.Content.ReadAsStringAsync());
        Assert.Contains("Allow Case system third-party to use your account?", page.QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("See your email address", page.QuerySelector("main")?.TextContent, StringComparison.Ordinal);

        var refused = OidcClient.CallbackParameters(await OidcClient.AuthorizeAsync(browser, url, email, consent: false));
        Assert.Equal("access_denied", refused["error"]);

        var allowed = OidcClient.CallbackParameters(await OidcClient.AuthorizeAsync(browser, url, email, consent: true));
        Assert.True(allowed.ContainsKey("code"));
        // Consent is remembered: the next request for the same scopes goes straight back with a code.
        var next = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.StartsWith(RedirectUri, next.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivating_a_person_ends_their_refresh_token()
    {
        var (client, email) = await NewClientAndPersonAsync("deactivated");
        var tokens = await SignInThroughAsync(client, email);

        await site.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            user.IsActive = false;
            await users.UpdateAsync(user);
        });

        var refreshed = await client.RefreshAsync(tokens["refresh_token"]!);
        Assert.Equal(HttpStatusCode.BadRequest, refreshed.Status);
        Assert.Equal("invalid_grant", refreshed.Error);
    }

    [Fact]
    public async Task Revoking_a_persons_tokens_revokes_every_grant_they_made()
    {
        var (client, email) = await NewClientAndPersonAsync("revoke-person");
        var tokens = await SignInThroughAsync(client, email);
        var userId = await site.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email))!.Id);

        var revoked = await site.WithScopeAsync(sp => sp.GetRequiredService<RevokePersonTokens>().RevokeAsync(userId));

        Assert.True(revoked >= 2, $"revoked {revoked}");
        Assert.Equal("invalid_grant", (await client.RefreshAsync(tokens["refresh_token"]!)).Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.UserInfoAsync(tokens["access_token"]!)).Status);
        var states = await site.WithScopeAsync(async sp =>
        {
            var list = new List<string?>();
            var manager = sp.GetRequiredService<IOpenIddictTokenManager>();
            await foreach (var token in manager.FindBySubjectAsync(userId))
            {
                list.Add(await manager.GetStatusAsync(token));
            }

            return list;
        });
        Assert.All(states, s => Assert.NotEqual(OpenIddictConstants.Statuses.Valid, s));
    }
}
