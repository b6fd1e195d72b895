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
    public async Task Prompt_consent_asked_before_signing_in_shows_the_consent_page_after_signing_in_even_when_consent_was_given_before()
    {
        var (client, email) = await NewClientAndPersonAsync("prompt-consent", firstParty: false);
        var verifier = OidcClient.NewVerifier();
        var url = client.AuthorizeUrl("openid email", "s1", OidcClient.S256(verifier));
        Assert.True(OidcClient.CallbackParameters(await OidcClient.AuthorizeAsync(site.CreateBrowser(), url, email, consent: true)).ContainsKey("code")); // consent remembered

        var browser = site.CreateBrowser(); // not signed in
        var consentUrl = client.AuthorizeUrl("openid email", "s2", OidcClient.S256(verifier), extra: new Dictionary<string, string?> { ["prompt"] = "consent" });
        var toSignIn = await browser.GetAsync(consentUrl);
        Assert.Equal("/account/sign-in", toSignIn.Headers.Location?.AbsolutePath);
        var returnUrl = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(toSignIn.Headers.Location!.Query)["ReturnUrl"].ToString();
        Assert.Contains("prompt=consent", returnUrl, StringComparison.Ordinal);

        var signedIn = await SignInThroughAsync(browser, toSignIn.Headers.Location.PathAndQuery, email);
        var back = await browser.GetAsync(signedIn.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, back.StatusCode); // the consent page, not a redirect with a code
        var page = Pages.Parse(await back.Content.ReadAsStringAsync());
        Assert.Contains("Allow Case system prompt-consent to use your account?", page.QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
        var allowed = OidcClient.CallbackParameters(await OidcClient.AuthorizeAsync(browser, consentUrl, email, consent: true));
        Assert.Equal("s2", allowed["state"]);
        Assert.True(allowed.ContainsKey("code"));
    }

    [Fact]
    public async Task Prompt_login_and_consent_asks_for_the_password_again_then_for_consent()
    {
        var (client, email) = await NewClientAndPersonAsync("prompt-login-consent", firstParty: false);
        var browser = site.CreateBrowser();
        var verifier = OidcClient.NewVerifier();
        Assert.True(OidcClient.CallbackParameters(await OidcClient.AuthorizeAsync(browser, client.AuthorizeUrl("openid", "s1", OidcClient.S256(verifier)), email)).ContainsKey("code"));

        var url = client.AuthorizeUrl("openid", "s2", OidcClient.S256(verifier), extra: new Dictionary<string, string?> { ["prompt"] = "login consent" });
        var again = await browser.GetAsync(url);
        Assert.Equal("/account/sign-in", again.Headers.Location?.AbsolutePath); // signed in, but asked to sign in again
        var signedIn = await SignInThroughAsync(browser, again.Headers.Location!.PathAndQuery, email);
        var back = await browser.GetAsync(signedIn.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Contains("Allow Case system prompt-login-consent", Pages.Parse(await back.Content.ReadAsStringAsync()).QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_and_the_id_token_name_the_sites_address_whatever_host_the_request_names()
    {
        var discovery = await (await site.CreateSystemClient().SendAsync(ForgedHost.Get("/.well-known/openid-configuration"))).Content.ReadAsStringAsync();
        ForgedHost.AssertOnlyOn(ConnectSite.Address.AbsoluteUri, discovery, atLeast: 7);
        Assert.Equal(ConnectSite.Address.AbsoluteUri, System.Text.Json.JsonDocument.Parse(discovery).RootElement.GetProperty("issuer").GetString());

        var (client, email) = await NewClientAndPersonAsync("forged-host-tokens");
        var verifier = OidcClient.NewVerifier();
        var browser = site.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(email, People.Password)).StatusCode);
        var callback = OidcClient.CallbackParameters(await OidcClient.AuthorizeAsync(browser.WithForgedHost(), client.AuthorizeUrl("openid", "s", OidcClient.S256(verifier)), email));
        if (callback.TryGetValue("iss", out var iss))
        {
            Assert.Equal(ConnectSite.Address.AbsoluteUri, iss);
        }

        var tokens = await client.RedeemCodeAsync(callback["code"], verifier);
        var idToken = ForgedHost.DecodeJwt(tokens["id_token"]!);
        Assert.Contains($"\"iss\":\"{ConnectSite.Address.AbsoluteUri}\"", idToken, StringComparison.Ordinal);
        Assert.DoesNotContain(ForgedHost.Evil, idToken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Userinfo_with_a_bad_token_answers_a_bearer_challenge_with_a_json_error()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");

        var response = await site.CreateSystemClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_token", body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error_description").GetString()));
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
    public async Task Closing_ones_own_account_ends_the_session_the_refresh_token_and_any_new_sign_in()
    {
        var (client, email) = await NewClientAndPersonAsync("closed-own");
        var browser = site.CreateBrowser();
        var verifier = OidcClient.NewVerifier();
        var callback = OidcClient.CallbackParameters(await OidcClient.AuthorizeAsync(browser, client.AuthorizeUrl("openid profile email offline_access", "state-1", OidcClient.S256(verifier)), email));
        var tokens = await client.RedeemCodeAsync(callback["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, tokens.Status);

        // The person closes their own account from the privacy pages (IAccountClosure behind them).
        var closed = await browser.PostFormAsync("/account/privacy/close", new Dictionary<string, string> { ["Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal("/account/privacy/closed", closed.Headers.Location?.OriginalString);

        var refreshed = await client.RefreshAsync(tokens["refresh_token"]!);
        Assert.Equal("invalid_grant", refreshed.Error);
        var account = await browser.GetAsync("/account/privacy");
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.Contains("/account/sign-in", account.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var person = await site.WithScopeAsync(sp => sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email));
        Assert.False(person!.IsActive);
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

    [Fact]
    public async Task End_session_asks_the_person_then_signs_them_out_and_returns_only_to_a_registered_address()
    {
        var (client, email) = await NewClientAndPersonAsync("end-session");
        var browser = site.CreateBrowser();
        var verifier = OidcClient.NewVerifier();
        var callback = OidcClient.CallbackParameters(await OidcClient.AuthorizeAsync(browser, client.AuthorizeUrl("openid", "state-e", OidcClient.S256(verifier)), email));
        var idToken = (await client.RedeemCodeAsync(callback["code"], verifier))["id_token"];
        Assert.NotNull(idToken);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/change-password")).StatusCode); // signed in

        // An address the application did not register: refused, and nobody is sent there.
        var elsewhere = await browser.GetAsync($"/connect/logout?id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString("https://app.example.gov.uk/signed-out-x")}");
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Null(elsewhere.Headers.Location);

        // A plain link does not sign anyone out: the person confirms.
        var url = $"/connect/logout?id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString("https://app.example.gov.uk/signed-out")}&state=state-out";
        var confirm = await browser.GetDocumentAsync(url);
        Assert.Equal("Sign out", confirm.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/change-password")).StatusCode); // still signed in
        var form = confirm.QuerySelector("form[action='/connect/logout']")!;
        var fields = form.QuerySelectorAll("input").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();

        var signedOut = await browser.PostAsync("/connect/logout", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("https://app.example.gov.uk/signed-out?state=state-out", signedOut.Headers.Location?.AbsoluteUri);
        Assert.Equal("/account/sign-in", (await browser.GetAsync("/account/change-password")).Headers.Location?.AbsolutePath); // signed out
    }

    [Fact]
    public async Task Ended_tokens_are_pruned_a_day_later_while_live_ones_are_kept()
    {
        if (site.Clock.GetUtcNow() < DateTimeOffset.UtcNow)
        {
            site.Clock.SetUtcNow(DateTimeOffset.UtcNow); // the token store compares expiry dates with the real clock
        }

        var (ended, endedEmail) = await NewClientAndPersonAsync("pruned");
        var (live, liveEmail) = await NewClientAndPersonAsync("kept");
        await SignInThroughAsync(ended, endedEmail);
        await SignInThroughAsync(live, liveEmail);
        var endedId = await site.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(endedEmail))!.Id);
        var liveId = await site.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(liveEmail))!.Id);
        await site.WithScopeAsync(sp => sp.GetRequiredService<RevokePersonTokens>().RevokeAsync(endedId));
        Task<int> CountAsync(string subject, bool validOnly = false) => site.WithScopeAsync(async sp =>
        {
            var count = 0;
            var manager = sp.GetRequiredService<IOpenIddictTokenManager>();
            await foreach (var token in manager.FindBySubjectAsync(subject))
            {
                count += !validOnly || await manager.GetStatusAsync(token) == OpenIddictConstants.Statuses.Valid ? 1 : 0;
            }

            return count;
        });
        var liveBefore = await CountAsync(liveId, validOnly: true);
        Assert.True(liveBefore >= 2); // access and refresh token
        Assert.True(await CountAsync(endedId) > 0);

        site.Clock.Advance(TokenPruning.Kept - TimeSpan.FromMinutes(1));
        await site.WithScopeAsync(sp => new TokenPruning(site.Clock).RunAsync(sp, CancellationToken.None));
        Assert.True(await CountAsync(endedId) > 0); // kept for a day, for reuse detection and investigations

        site.Clock.Advance(TimeSpan.FromMinutes(2));
        await site.WithScopeAsync(sp => new TokenPruning(site.Clock).RunAsync(sp, CancellationToken.None));

        Assert.Equal(0, await CountAsync(endedId));
        Assert.Equal(liveBefore, await CountAsync(liveId, validOnly: true)); // only the redeemed code of the live grant went
    }

    /// <summary>Signs in on the given sign-in address (keeping its return address): the password, then the code step.</summary>
    private async Task<HttpResponseMessage> SignInThroughAsync(HttpClient browser, string signInPathAndQuery, string email)
    {
        var password = await browser.PostFormAsync(signInPathAndQuery, new Dictionary<string, string> { ["Email"] = email, ["Password"] = People.Password });
        Assert.Equal(TwoFactor.SignInStepPath, new Uri(new Uri("https://localhost/"), password.Headers.Location!).AbsolutePath);
        var key = await site.EnableTwoFactorAsync(email);
        return await browser.PostFormAsync(password.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Code"] = TwoFactor.CodeFor(key) });
    }
}
