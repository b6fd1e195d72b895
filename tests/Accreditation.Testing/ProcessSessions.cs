using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Accreditation.Frameworks.Contracts;
using Accreditation.Identity.TwoFactor;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accreditation.Testing;

/// <summary>
/// What a person does over HTTP against a site process (see <see cref="SiteProcess"/>), which runs on the real clock:
/// signing in with a code for a real time step, and reading and autosaving an evidence item's form as its page's script does.
/// </summary>
public static class ProcessSessions
{
    // The site accepts each time step once per person, and one step either side of now: each code is for a step later
    // than the last one used with the same key. A code for the step before now would be refused if the clock passed a
    // step's end between choosing it and the site reading it, so only now and the step after are used, waiting for the
    // next step when both are taken.
    private static readonly ConcurrentDictionary<string, long> LastSteps = new();

    /// <summary>Signs in with the password and a code from the authenticator key; fails the test when the site does not let the person in.</summary>
    public static async Task SignInOverHttpAsync(this HttpClient client, string email, string password, string key)
    {
        var response = await client.SignInWithPasswordAsync(email, password);
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith(TwoFactor.SignInStepPath, StringComparison.Ordinal) == true)
        {
            var step = await UnusedStepAsync(key);
            response = await client.PostFormAsync(TwoFactor.SignInStepPath, new Dictionary<string, string> { ["Code"] = TwoFactor.CodeAt(key, step) });
        }

        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith("/account/sign-in", StringComparison.Ordinal) != true)
        {
            return;
        }

        var said = response.StatusCode == HttpStatusCode.OK ? Pages.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".govuk-error-summary")?.TextContent.Trim() : null;
        Assert.Fail($"Sign-in of {email} failed: {(int)response.StatusCode} {response.Headers.Location} {said}");
    }

    /// <summary>A time step for a code from the key: now or the next, later than any used before.</summary>
    private static async Task<long> UnusedStepAsync(string key)
    {
        while (true)
        {
            var now = TwoFactor.StepOf(DateTimeOffset.UtcNow);
            var last = LastSteps.GetValueOrDefault(key, long.MinValue);
            var step = Math.Max(now, last + 1);
            if (step <= now + 1)
            {
                if (LastSteps.TryUpdate(key, step, last) || (last == long.MinValue && LastSteps.TryAdd(key, step)))
                {
                    return step;
                }

                continue;
            }

            var nextStepStarts = DateTimeOffset.FromUnixTimeSeconds((now + 1) * AuthenticatorCodes.StepSeconds);
            await Task.Delay(nextStepStarts - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>
    /// Enrols the signed-in candidate on an assessment window and adds a reflective account to the first statement of
    /// the current practice-leader framework, as the portfolio pages do; returns the portfolio and the new item.
    /// </summary>
    public static async Task<(Guid Portfolio, Guid Item)> StartEvidenceAsync(this HttpClient client, PlatformFactory site, Guid window)
    {
        var enrolled = await client.PostFormAsync($"/portfolio/enrol/{window}", new Dictionary<string, string> { ["Adjustments"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        var portfolio = Guid.Parse(enrolled.Headers.Location!.OriginalString.Split('/').Last());
        var statement = await site.WithScopeAsync(async sp =>
            (await sp.GetRequiredService<IFrameworkCatalog>().GetCurrentAsync("practice-leader"))!.Statements[0].Id);
        var statementPage = await client.GetDocumentAsync($"/portfolio/{portfolio}/statements/{statement}");
        var added = await client.PostAsync($"/portfolio/{portfolio}/statements/{statement}?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["kind"] = "ReflectiveAccount",
            ["__RequestVerificationToken"] = statementPage.AntiforgeryToken(),
        }));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        return (portfolio, Guid.Parse(added.Headers.Location!.OriginalString.Split('/').Last()));
    }

    /// <summary>The fields of an evidence item's form as its page shows them (checked boxes only), antiforgery token included.</summary>
    public static async Task<Dictionary<string, string>> EvidenceFormAsync(this HttpClient client, Guid portfolio, Guid item)
    {
        var response = await client.GetAsync($"/portfolio/{portfolio}/items/{item}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Pages.Parse(await response.Content.ReadAsStringAsync());
        var fields = new Dictionary<string, string>();
        foreach (var input in page.QuerySelector("form#evidence-form")!.QuerySelectorAll("input, textarea"))
        {
            if (input.GetAttribute("name") is not { } name)
            {
                continue;
            }

            switch (input)
            {
                case IHtmlInputElement { Type: "checkbox" } box:
                    if (box.IsChecked)
                    {
                        fields[name] = box.Value;
                    }

                    break;
                case IHtmlTextAreaElement area:
                    fields[name] = area.Value;
                    break;
                case IHtmlInputElement other:
                    fields[name] = other.Value;
                    break;
            }
        }

        return fields;
    }

    /// <summary>
    /// Autosaves an evidence item as the page's script does: the form's fields, the antiforgery token in the X-CSRF-TOKEN
    /// header. On success the fields take the new row version, so the next autosave follows on.
    /// </summary>
    public static async Task<HttpResponseMessage> AutosaveEvidenceAsync(this HttpClient client, Guid portfolio, Guid item, Dictionary<string, string> fields, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/portfolio/{portfolio}/items/{item}?handler=Autosave")
        {
            Content = new FormUrlEncodedContent(fields.Where(f => f.Key != "__RequestVerificationToken")),
        };
        request.Headers.Add("X-CSRF-TOKEN", fields["__RequestVerificationToken"]);
        var response = await client.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            var version = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("version").GetUInt32();
            fields["RowVersion"] = version.ToString(CultureInfo.InvariantCulture);
        }

        return response;
    }
}
