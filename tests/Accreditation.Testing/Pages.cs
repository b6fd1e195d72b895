using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

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

    /// <summary>Signs in with email and password; returns the response of the sign-in POST.</summary>
    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password) =>
        client.PostFormAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    /// <summary>
    /// Signs in as the first admin and checks it worked. A platform admin must use two-factor authentication, so the
    /// admin's is turned on (once per site) and the code step completed with a code computed from the stored key.
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
