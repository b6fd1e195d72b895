using System.Net;
using Accreditation.Frameworks.Documents;
using Accreditation.Frameworks.Tests.Support;
using Accreditation.Testing;

namespace Accreditation.Frameworks.Tests.Public;

/// <summary>Anyone can read published frameworks; only people with Frameworks.Manage reach the admin pages; forms carry antiforgery tokens.</summary>
public sealed class AccessTests(FrameworksSite site) : IClassFixture<FrameworksSite>
{
    public static TheoryData<string> AdminUrls =>
    [
        "/admin/frameworks",
        "/admin/frameworks/import",
        "/admin/frameworks/practice-leader/versions/1",
        "/admin/frameworks/practice-leader/versions/1/export",
    ];

    [Fact]
    public async Task Public_framework_pages_are_readable_without_signing_in()
    {
        var visitor = site.CreateBrowserLikeClient();

        var list = await visitor.GetAsync("/frameworks");
        var current = await visitor.GetAsync("/frameworks/practice-supervisor");
        var byNumber = await visitor.GetAsync("/frameworks/practice-supervisor/versions/1");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byNumber.StatusCode);
        var listPage = await list.ReadPageAsync();
        Assert.Equal(
            ["/frameworks/child-and-family-practitioner", "/frameworks/practice-leader", "/frameworks/practice-supervisor"],
            listPage.QuerySelectorAll("table.govuk-table tbody a").Select(a => a.GetAttribute("href")!).Order(StringComparer.Ordinal));
        Assert.Equal("Published frameworks", listPage.QuerySelector("table caption")!.TextContent.Trim());
        var page = await current.ReadPageAsync();
        Assert.Equal("Knowledge and skills statement for practice supervisors", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(8, page.QuerySelectorAll("ol.app-kss-statements > li h3").Length);
        Assert.Contains("Emotionally intelligent practice supervision", page.QuerySelector("ol.app-kss-statements")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("dl.govuk-summary-list"));
        Assert.Empty(site.UnexpectedServerProblems());
    }

    [Fact]
    public async Task Public_pages_show_headings_in_order()
    {
        var page = await site.CreateClient().GetDocumentAsync("/frameworks/child-and-family-practitioner");
        var levels = page.QuerySelectorAll("main h1, main h2, main h3").Select(h => int.Parse(h.TagName[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(1, levels[0]);
        Assert.Single(levels, 1);
        Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"h{pair.First} is followed by h{pair.Second}"));
    }

    [Fact]
    public async Task Framework_content_is_html_encoded_on_public_and_admin_pages()
    {
        var sample = FrameworksSite.Sample("encoded");
        await site.AddAsync(sample with
        {
            Name = "<script>alert('name')</script>",
            Statements = [new StatementDocument(1, "<img src=x onerror=alert(1)>", "<b>bold</b> & more")],
        });

        var html = await (await site.CreateClient().GetAsync("/frameworks/encoded")).Content.ReadAsStringAsync();
        var admin = await site.AdminClientAsync();
        var adminHtml = await (await admin.GetAsync("/admin/frameworks/encoded/versions/1")).Content.ReadAsStringAsync();

        foreach (var text in new[] { html, adminHtml })
        {
            Assert.DoesNotContain("<script>alert", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", text, StringComparison.Ordinal);
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_framework_or_version_is_not_found()
    {
        var visitor = site.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/frameworks/no-such-framework")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/frameworks/practice-leader/versions/42")).StatusCode);
    }

    [Fact]
    public async Task Visitors_see_frameworks_in_the_navigation_and_admins_see_it_in_the_admin_menu()
    {
        var visitorPage = await site.CreateBrowserLikeClient().GetDocumentAsync("/");
        Assert.Contains(visitorPage.QuerySelectorAll(".govuk-service-navigation__link"), a => a.GetAttribute("href") == "/frameworks");

        var admin = await site.AdminClientAsync();
        var adminPage = await admin.GetDocumentAsync("/admin");
        Assert.Contains(adminPage.QuerySelectorAll("main a"), a => a.GetAttribute("href") == "/admin/frameworks" && a.TextContent.Trim() == "Frameworks");
    }

    [Theory]
    [MemberData(nameof(AdminUrls))]
    public async Task Admin_pages_send_visitors_to_sign_in(string url)
    {
        var response = await site.CreateBrowserLikeClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AdminUrls))]
    public async Task Admin_pages_are_refused_to_a_signed_in_person_without_the_permission(string url)
    {
        var candidate = await site.CandidateClientAsync();

        var response = await candidate.GetAsync(url);

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{url} answered {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_post_from_a_person_without_the_permission_changes_nothing()
    {
        var candidate = await site.CandidateClientAsync();
        var before = await site.SnapshotAsync();
        var token = (await candidate.GetDocumentAsync("/account/change-password")).AntiforgeryToken();

        var response = await candidate.PostAsync("/admin/frameworks?handler=CreateDraft",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "practice-leader", ["__RequestVerificationToken"] = token }));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Theory]
    [InlineData("/admin/frameworks")]
    [InlineData("/admin/frameworks/import")]
    [InlineData("/admin/frameworks/practice-leader/versions/1")]
    public async Task Every_form_on_the_admin_pages_carries_an_antiforgery_token(string url)
    {
        var admin = await site.AdminClientAsync();
        if (url.EndsWith("/versions/1", StringComparison.Ordinal))
        {
            // A draft page has the most forms: remove, publish, delete.
            await admin.PostFormAsync("/admin/frameworks", new Dictionary<string, string> { ["key"] = "practice-leader" }, "/admin/frameworks?handler=CreateDraft");
            url = "/admin/frameworks/practice-leader/versions/2";
        }

        var page = await admin.GetDocumentAsync(url);

        var forms = page.QuerySelectorAll("main form[method=post]");
        Assert.NotEmpty(forms);
        Assert.All(forms, form => Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]")));
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_refused_and_changes_nothing()
    {
        var admin = await site.AdminClientAsync();
        var before = await site.SnapshotAsync();

        var response = await admin.PostAsync("/admin/frameworks?handler=CreateDraft",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "child-and-family-practitioner" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await site.SnapshotAsync());
    }
}

/// <summary>Reads redirect locations whether the server sent them relative or absolute.</summary>
internal static class LocationExtensions
{
    public static string PathAndQuery(this Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
}
