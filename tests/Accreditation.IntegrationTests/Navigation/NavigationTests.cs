using System.Net;
using System.Text.RegularExpressions;
using Accreditation.Core.Navigation;
using Accreditation.Core.Security;
using Accreditation.Testing;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Accreditation.IntegrationTests.Navigation;

/// <summary>
/// The GOV.UK service navigation: a few entries for any role, account links in the header, the admin areas behind
/// one entry, a 404 for addresses that do not exist, and pages that speak people's words rather than code names.
/// </summary>
public sealed partial class NavigationTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    /// <summary>Every role alone, then a person holding all of them.</summary>
    private static readonly IReadOnlyList<string[]> RoleSets = [.. Roles.All.Select(r => new[] { r }), [.. Roles.All]];

    private async Task<HttpClient> SignedInAsync(string[] roles)
    {
        var email = $"nav-{Guid.NewGuid():N}@example.gov.uk";
        var organisation = Guid.NewGuid();
        await site.CreatePersonAsync(email, roles, p => p.OrganisationId = organisation);
        var client = site.CreateBrowserLikeClient();
        var response = await client.SignInWithTwoFactorAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static List<(string Text, string Href)> Links(IHtmlDocument page, string selector) =>
        page.QuerySelectorAll(selector).Select(a => (a.TextContent.Trim(), a.GetAttribute("href") ?? "")).ToList();

    [Fact]
    public async Task Every_role_sees_at_most_six_entries_with_account_links_in_the_header_and_admin_as_one_entry()
    {
        var visitor = await site.CreateBrowserLikeClient().GetDocumentAsync("/");
        Assert.InRange(visitor.QuerySelectorAll(".govuk-service-navigation__item").Length, 1, Menus.MaxNavigationItems);
        Assert.Equal(["Sign in"], Links(visitor, "nav[aria-label=Account] a").Select(l => l.Text));

        foreach (var roles in RoleSets)
        {
            var who = string.Join(" + ", roles);
            var home = await (await SignedInAsync(roles)).GetDocumentAsync("/");
            var menu = Links(home, ".govuk-service-navigation__link");

            Assert.True(menu.Count <= Menus.MaxNavigationItems, $"{who} sees {menu.Count} entries: {string.Join(", ", menu.Select(l => l.Text))}");
            Assert.Equal(["Your account", "Sign out"], Links(home, "nav[aria-label=Account] a").Select(l => l.Text));
            Assert.DoesNotContain(menu, l => l.Text is "Sign out" or "Sign in" or "Your account");
            Assert.True(menu.Count(l => l.Href == "/admin") <= 1, who);
        }

        // A platform admin may open every page, but is not offered a candidate's portfolio, CPD or results.
        var admin = Links(await (await SignedInAsync([Roles.PlatformAdmin])).GetDocumentAsync("/"), ".govuk-service-navigation__link");
        Assert.Contains(admin, l => l.Text == "Admin" && l.Href == "/admin");
        Assert.DoesNotContain(admin, l => l.Href is "/portfolio" or "/cpd" or "/results" or "/assessment");

        // A candidate has their own entries and no admin entry; someone with every role keeps them and their marking.
        var candidate = Links(await (await SignedInAsync([Roles.Candidate])).GetDocumentAsync("/"), ".govuk-service-navigation__link");
        Assert.Contains(candidate, l => l.Href == "/portfolio");
        Assert.Contains(candidate, l => l.Href == "/cpd");
        Assert.DoesNotContain(candidate, l => l.Href == "/admin");
        var everything = Links(await (await SignedInAsync([.. Roles.All])).GetDocumentAsync("/"), ".govuk-service-navigation__link");
        Assert.Contains(everything, l => l.Href == "/portfolio");
        Assert.Contains(everything, l => l.Href == "/marking");
        Assert.Contains(everything, l => l.Href == "/admin");
    }

    [Fact]
    public async Task The_admin_landing_page_lists_the_areas_a_lead_assessor_and_an_organisation_admin_may_use()
    {
        var lead = await (await SignedInAsync([Roles.LeadAssessor])).GetDocumentAsync("/admin");
        var leadAreas = Links(lead, "#admin-areas a");
        Assert.Contains(leadAreas, l => l.Href == "/marking/lead");
        Assert.Contains(leadAreas, l => l.Href == "/assessment/lead");
        Assert.DoesNotContain(leadAreas, l => l.Href == "/admin/people");

        var organisationAdmin = await (await SignedInAsync([Roles.OrganisationAdmin])).GetDocumentAsync("/admin");
        var areas = Links(organisationAdmin, "#admin-areas a");
        Assert.Contains(areas, l => l.Href == "/organisation/portfolios");
        Assert.Contains(areas, l => l.Href == "/organisation/cpd");
        Assert.DoesNotContain(areas, l => l.Href == "/marking/lead");

        // On an admin area outside /admin, the admin entry is the current one.
        var moderation = await (await SignedInAsync([Roles.LeadAssessor])).GetDocumentAsync("/marking/lead");
        Assert.Equal("/admin", moderation.QuerySelector(".govuk-service-navigation__item--active a")?.GetAttribute("href"));
    }

    [Fact]
    public async Task An_unknown_address_is_not_found_for_visitors_while_real_pages_still_ask_them_to_sign_in()
    {
        var visitor = site.CreateBrowserLikeClient();

        var unknown = await visitor.GetAsync("/no-such-page/anywhere");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Page not found", Testing.Pages.Parse(await unknown.Content.ReadAsStringAsync()).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.PostAsync("/admin/no-such-thing", new FormUrlEncodedContent([]))).StatusCode);

        var real = await visitor.GetAsync("/cpd");
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.StartsWith("/account/sign-in", real.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        // OpenID Connect's own endpoints answer before any page does (over plain http here it refuses, not 404).
        Assert.NotEqual(HttpStatusCode.NotFound, (await visitor.GetAsync("/.well-known/openid-configuration")).StatusCode);

        var signedIn = await SignedInAsync([Roles.Candidate]);
        Assert.Equal(HttpStatusCode.NotFound, (await signedIn.GetAsync("/no-such-page/anywhere")).StatusCode);
    }

    /// <summary>A CamelCase word ("LeadAssessor", "InReview"): a code name that leaked into a page.</summary>
    [GeneratedRegex(@"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b", RegexOptions.CultureInvariant)]
    private static partial Regex CodeName();

    [Fact]
    public async Task No_main_page_of_any_role_shows_a_role_code_name_a_framework_key_or_a_status_code()
    {
        string[] frameworkKeys = ["practice-leader", "practice-supervisor", "child-and-family-practitioner"];
        string[] forms = ["/admin/people/invite", "/admin/publishing/edit", "/admin/clients/new", "/updates/subscriptions", "/cpd/records/new", "/account"];
        var failures = new List<string>();
        var visited = 0;
        foreach (var roles in RoleSets.Prepend([]))
        {
            var client = roles.Length == 0 ? site.CreateBrowserLikeClient() : await SignedInAsync(roles);
            var home = await client.GetDocumentAsync("/");
            var admin = roles.Length == 0 ? null : await client.GetDocumentAsync("/admin");
            var urls = Links(home, ".govuk-service-navigation__link, .govuk-footer__link").Select(l => l.Href)
                .Concat(admin is null ? [] : Links(admin, "#admin-areas a").Select(l => l.Href))
                .Concat(roles.Length == 0 ? [] : forms)
                .Append("/")
                .Where(u => u.StartsWith('/') && !u.StartsWith("//", StringComparison.Ordinal) && !u.Contains('.', StringComparison.Ordinal))
                .Distinct();
            foreach (var url in urls)
            {
                var response = await client.GetAsync(url);
                var page = Testing.Pages.Parse(await response.Content.ReadAsStringAsync());
                visited++;
                // What people read, one piece of text at a time (a table's headers are separate words); a setting's
                // name shown as code to an operator (the retention schedule's keys) is meant to be typed as it is.
                var texts = (page.Body?.GetDescendants().OfType<IText>().Where(t => t.ParentElement?.LocalName != "code").Select(t => t.Data) ?? [])
                    .Concat(page.QuerySelectorAll("input[type=submit]").Select(e => e.GetAttribute("value") ?? ""))
                    .ToList();
                var who = roles.Length == 0 ? "a visitor" : string.Join(" + ", roles);
                failures.AddRange(texts.SelectMany(t => CodeName().Matches(t)).Select(m => $"{url} for {who}: \"{m.Value}\""));
                if (url != "/admin/frameworks")
                {
                    // The frameworks' own admin page names each key: it is what recipes and imports use.
                    failures.AddRange(frameworkKeys.Where(k => texts.Any(t => t.Contains(k, StringComparison.Ordinal))).Select(k => $"{url} for {who}: framework key \"{k}\""));
                }
            }
        }

        Assert.True(visited > 40, $"only {visited} pages were visited");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Distinct()));
    }
}
