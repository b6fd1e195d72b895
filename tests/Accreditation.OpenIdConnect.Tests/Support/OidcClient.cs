using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accreditation.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Accreditation.OpenIdConnect.Tests.Support;

/// <summary>
/// A relying party written from the specifications (OpenID Connect Core and Discovery, RFC 6749, 7009 and 7636), not from
/// the server's code: it reads discovery, sends the browser to the authorization endpoint and back, and talks to the
/// token, userinfo and revocation endpoints with plain HTTP.
/// </summary>
public sealed class OidcClient(HttpClient backChannel, string clientId, string? clientSecret, string redirectUri)
{
    /// <summary>The discovery document.</summary>
    public JsonElement Discovery { get; private set; }

    /// <summary>The WWW-Authenticate header of the last userinfo answer (why a token was refused).</summary>
    public string? LastUserInfoChallenge { get; private set; }

    /// <summary>Reads /.well-known/openid-configuration.</summary>
    public async Task<JsonElement> DiscoverAsync()
    {
        var response = await backChannel.GetAsync("/.well-known/openid-configuration");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Discovery = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return Discovery;
    }

    /// <summary>A new PKCE verifier (RFC 7636: 43 to 128 unreserved characters).</summary>
    public static string NewVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The S256 challenge of a verifier.</summary>
    public static string S256(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>The authorization request URL (path and query) on the server.</summary>
    public string AuthorizeUrl(string scope, string state, string? challenge, string? method = "S256", string? redirect = null, IDictionary<string, string?>? extra = null)
    {
        var endpoint = new Uri(Endpoint("authorization_endpoint"));
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirect ?? redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["nonce"] = Base64Url(RandomNumberGenerator.GetBytes(16)),
        };
        if (challenge is not null)
        {
            query["code_challenge"] = challenge;
            query["code_challenge_method"] = method;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            query[key] = value;
        }

        return QueryHelpers.AddQueryString(endpoint.AbsolutePath, query);
    }

    /// <summary>
    /// Drives the browser through the authorization request: signs in when the server asks, consents when asked, and
    /// returns the final redirect back to the client (or the server's own answer when it does not redirect).
    /// </summary>
    public static async Task<HttpResponseMessage> AuthorizeAsync(HttpClient browser, string authorizeUrl, string email, string password = People.Password, bool consent = true)
    {
        var response = await browser.GetAsync(authorizeUrl);
        for (var hops = 0; hops < 10; hops++)
        {
            var location = response.Headers.Location;
            if (response.StatusCode == HttpStatusCode.OK && response.RequestMessage!.RequestUri!.AbsolutePath == "/connect/authorize")
            {
                // The consent screen: press Allow (or Do not allow).
                var page = Pages.Parse(await response.Content.ReadAsStringAsync());
                var fields = page.QuerySelectorAll("form[action='/connect/authorize'] input[type=hidden]")
                    .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
                    .Append(new("decision", consent ? "allow" : "deny"));
                response = await browser.PostAsync("/connect/authorize", new FormUrlEncodedContent(fields));
                continue;
            }

            if (response.StatusCode != HttpStatusCode.Redirect || location is null)
            {
                return response;
            }

            var absolute = location.IsAbsoluteUri ? location : new Uri(browser.BaseAddress!, location);
            if (absolute.Host != browser.BaseAddress!.Host)
            {
                return response; // back to the client application
            }

            if (absolute.AbsolutePath == "/account/sign-in")
            {
                response = await browser.PostFormAsync(absolute.PathAndQuery, new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });
                continue;
            }

            if (absolute.AbsolutePath == TwoFactor.SignInStepPath)
            {
                // Everyone has a second factor: give a code from the person's key.
                var key = await PlatformFactory.SiteOf(browser).EnableTwoFactorAsync(email);
                response = await browser.PostFormAsync(absolute.PathAndQuery, new Dictionary<string, string> { ["Code"] = TwoFactor.CodeFor(key) });
                continue;
            }

            response = await browser.GetAsync(absolute.PathAndQuery);
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>The query parameters of a redirect back to the client.</summary>
    public static Dictionary<string, string> CallbackParameters(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return QueryHelpers.ParseQuery(response.Headers.Location!.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    /// <summary>
    /// The error of a refused authorization request: from the redirect back to the client, or from the server's own
    /// page when it does not send the browser back. Fails when a code was issued.
    /// </summary>
    public static async Task<string> RefusalAsync(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var parameters = CallbackParameters(response);
            Assert.False(parameters.ContainsKey("code"), "a code was issued");
            return parameters["error"];
        }

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Exchanges an authorization code.</summary>
    public Task<TokenAnswer> RedeemCodeAsync(string code, string? verifier, string? redirect = null) =>
        TokenAsync(new Dictionary<string, string?>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirect ?? redirectUri,
            ["code_verifier"] = verifier,
        });

    /// <summary>Uses a refresh token.</summary>
    public Task<TokenAnswer> RefreshAsync(string refreshToken) =>
        TokenAsync(new Dictionary<string, string?> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    /// <summary>Asks for a token with client credentials.</summary>
    public Task<TokenAnswer> ClientCredentialsAsync(string scope) =>
        TokenAsync(new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = scope });

    /// <summary>Calls the token endpoint, authenticating the client with client_secret_post.</summary>
    public async Task<TokenAnswer> TokenAsync(IDictionary<string, string?> parameters)
    {
        var form = parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
        form["client_id"] = clientId;
        if (clientSecret is not null)
        {
            form["client_secret"] = clientSecret;
        }

        var response = await backChannel.PostAsync(new Uri(Endpoint("token_endpoint")).AbsolutePath, new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        var json = body.StartsWith('{') ? JsonDocument.Parse(body).RootElement.Clone() : default;
        return new TokenAnswer(response.StatusCode, json, body);
    }

    /// <summary>Calls userinfo with an access token.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Claims)> UserInfoAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Endpoint("userinfo_endpoint")).AbsolutePath);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var response = await backChannel.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        LastUserInfoChallenge = response.Headers.WwwAuthenticate.ToString();
        return (response.StatusCode, body.StartsWith('{') ? JsonDocument.Parse(body).RootElement.Clone() : default);
    }

    /// <summary>Revokes a token (RFC 7009).</summary>
    public async Task<HttpStatusCode> RevokeAsync(string token, string hint)
    {
        var form = new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = hint, ["client_id"] = clientId };
        if (clientSecret is not null)
        {
            form["client_secret"] = clientSecret;
        }

        var response = await backChannel.PostAsync(new Uri(Endpoint("revocation_endpoint")).AbsolutePath, new FormUrlEncodedContent(form));
        return response.StatusCode;
    }

    private string Endpoint(string name) => Discovery.GetProperty(name).GetString()!;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A token endpoint's answer.</summary>
public sealed record TokenAnswer(HttpStatusCode Status, JsonElement Json, string Body)
{
    /// <summary>A string member of the answer, or null.</summary>
    public string? this[string name] => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) ? value.GetString() : null;

    /// <summary>The OAuth error code, or null.</summary>
    public string? Error => this["error"];
}
