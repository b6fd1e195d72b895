using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Accreditation.Identity.Clients;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Benchmarks;

/// <summary>
/// A browser over real HTTP: its own connections, the cookies the site sets (kept by hand, as the site's cookies are
/// Secure and the site sits behind a TLS-terminating proxy here: requests say X-Forwarded-Proto: https). Shared by the
/// national and load benchmarks.
/// </summary>
internal sealed partial class Browser
{
    private readonly HttpClient client;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> cookies = new();
    private string? bearer;

    public Browser(Uri root) =>
        client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(30), MaxConnectionsPerServer = 64 })
        {
            BaseAddress = root,
            Timeout = TimeSpan.FromSeconds(120),
        };

    public static async Task<Browser> SignInAsync(Uri root, PlatformFactory site, string email, string password)
    {
        var key = await site.EnableTwoFactorAsync(email);
        var browser = new Browser(root);
        var form = await browser.GetStringAsync("/account/sign-in");
        var signedIn = await browser.PostAsync("/account/sign-in", new() { ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = Token(form) });
        if (signedIn.Headers.Location?.OriginalString.StartsWith(TwoFactor.SignInStepPath, StringComparison.Ordinal) == true)
        {
            var step = await browser.GetStringAsync(TwoFactor.SignInStepPath);
            signedIn = await browser.PostAsync(TwoFactor.SignInStepPath, new() { ["Code"] = TwoFactor.CodeFor(key), ["__RequestVerificationToken"] = Token(step) });
        }

        if (signedIn.StatusCode != HttpStatusCode.Redirect || signedIn.Headers.Location?.OriginalString.StartsWith("/account/sign-in", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"Sign-in of {email} answered {(int)signedIn.StatusCode} {signedIn.Headers.Location}.");
        }

        return browser;
    }

    /// <summary>A local authority's system: a client-credentials token for the API, acting for the organisation.</summary>
    public static async Task<Browser> SystemAsync(Uri root, PlatformFactory site, Guid organisationId)
    {
        var secret = await site.WithScopeAsync(async sp =>
        {
            var (created, problems) = await sp.GetRequiredService<ClientApplications>().CreateAsync(
                new ClientInput("national-benchmark", "National benchmark system", "confidential", false, [], [], ["client_credentials"], ["accreditation.read", "cpd.read"], organisationId), null);
            return problems.Count == 0 ? created! : throw new InvalidOperationException(string.Join("; ", problems.Select(p => p.Message)));
        });
        var browser = new Browser(root);
        var response = await browser.PostAsync("/connect/token", new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "national-benchmark", ["client_secret"] = secret, ["scope"] = "accreditation.read cpd.read",
        });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The token endpoint answered {(int)response.StatusCode}: {body}");
        }

        browser.bearer = JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString();
        return browser;
    }

    /// <summary>GETs a path and reads the whole answer; returns the milliseconds it took (a non-2xx answer or an exception is a problem).</summary>
    public async Task<double> TimeAsync(string path, System.Collections.Concurrent.ConcurrentQueue<string> problems)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await client.SendAsync(Request(HttpMethod.Get, path));
            await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode)
            {
                problems.Enqueue($"{path}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            problems.Enqueue($"{path}: {ex.GetType().Name} {ex.Message}");
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    private async Task<string> GetStringAsync(string path)
    {
        using var response = await client.SendAsync(Request(HttpMethod.Get, path));
        Keep(response);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields)
    {
        var request = Request(HttpMethod.Post, path);
        request.Content = new FormUrlEncodedContent(fields);
        var response = await client.SendAsync(request);
        Keep(response);
        return response;
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-Proto", "https");
        if (!cookies.IsEmpty)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    private void Keep(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            var pair = value.Split(';')[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = pair[..equals].Trim();
            var content = pair[(equals + 1)..].Trim();
            if (content.Length == 0 || value.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                cookies.TryRemove(name, out _);
            }
            else
            {
                cookies[name] = content;
            }
        }
    }

    /// <summary>One answer read whole: its status, where it redirects, its body and how long it took.</summary>
    public sealed record Answer(HttpStatusCode Status, string? Location, string Body, double Milliseconds);

    /// <summary>GETs a path and reads the whole answer (cookies kept).</summary>
    public Task<Answer> FetchAsync(string path) => SendAsync(Request(HttpMethod.Get, path));

    /// <summary>POSTs form fields (repeated names allowed, as a browser posts checkboxes), optionally with the antiforgery header a script sends.</summary>
    public Task<Answer> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? csrfToken = null)
    {
        var request = Request(HttpMethod.Post, path);
        request.Content = new FormUrlEncodedContent(fields);
        if (csrfToken is not null)
        {
            request.Headers.Add("X-CSRF-TOKEN", csrfToken);
        }

        return SendAsync(request);
    }

    /// <summary>POSTs JSON with the antiforgery header, as the sitting page's script saves an answer.</summary>
    public Task<Answer> PostJsonAsync(string path, string json, string csrfToken)
    {
        var request = Request(HttpMethod.Post, path);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.Add("X-CSRF-TOKEN", csrfToken);
        return SendAsync(request);
    }

    private async Task<Answer> SendAsync(HttpRequestMessage request)
    {
        var watch = Stopwatch.StartNew();
        using (request)
        {
            using var response = await client.SendAsync(request);
            Keep(response);
            var body = await response.Content.ReadAsStringAsync();
            return new Answer(response.StatusCode, response.Headers.Location?.OriginalString, body, watch.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>The antiforgery token of a page's form.</summary>
    public static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token on the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
