using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Testing;

/// <summary>Reads pages and posts forms the way a browser does (antiforgery token included).</summary>
public static class Pages
{
    private static readonly HtmlParser Parser = new();

    /// <summary>GETs a page and parses it.</summary>
    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        return await Parser.ParseDocumentAsync(html);
    }

    /// <summary>The antiforgery token of the first form on the page.</summary>
    public static string AntiforgeryToken(this IHtmlDocument document) =>
        (document.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)?.Value
        ?? throw new InvalidOperationException("The page has no antiforgery token.");

    /// <summary>GETs <paramref name="formPage"/>, then posts <paramref name="fields"/> with its antiforgery token to <paramref name="action"/> (default: the same URL).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string formPage, IDictionary<string, string> fields, string? action = null)
    {
        var document = await client.GetDocumentAsync(formPage);
        var values = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = document.AntiforgeryToken() };
        return await client.PostAsync(action ?? formPage, new FormUrlEncodedContent(values));
    }

    /// <summary>
    /// Signs in as a person who has set up their second factor, as everyone must: turns it on for them first if they have
    /// none (test set-up), gives the email and password and, when the site asks, a code from their authenticator key for
    /// a time step not used yet. Returns the last response: the redirect after signing in, or the sign-in page when the
    /// email or password is wrong.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password)
    {
        var site = PlatformFactory.SiteOf(client);
        var key = await site.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            return await users.FindByEmailAsync(email) is { } user ? await TwoFactor.EnableAsync(site, users, user) : null;
        });
        var response = await client.SignInWithPasswordAsync(email, password);
        if (key is not null && response.StatusCode == HttpStatusCode.Redirect
            && response.Headers.Location?.OriginalString.StartsWith(TwoFactor.SignInStepPath, StringComparison.Ordinal) == true)
        {
            response = await client.PostFormAsync(TwoFactor.SignInStepPath, new Dictionary<string, string> { ["Code"] = TwoFactor.CodeFor(key) });
        }

        return response;
    }

    /// <summary>Posts only the email and password (no second step, nothing set up); returns the response of that POST.</summary>
    public static Task<HttpResponseMessage> SignInWithPasswordAsync(this HttpClient client, string email, string password) =>
        client.PostFormAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    /// <summary>
    /// Signs in as the first admin and checks it worked (two-factor authentication turned on for them once per site, and
    /// the code step completed).
    /// </summary>
    public static async Task SignInAsAdminAsync(this HttpClient client)
    {
        var response = await client.SignInWithTwoFactorAsync(PlatformFactory.AdminEmail, PlatformFactory.AdminPassword);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.StartsWith("/account/sign-in", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"Admin sign-in failed: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    /// <summary>Parses HTML.</summary>
    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);
}
