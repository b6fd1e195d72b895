using System.Net;
using Accreditation.Core.Data;
using Accreditation.Testing;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Admin;

/// <summary>Site settings: edited by admins, and two admins saving at once get a conflict rather than a lost change.</summary>
public sealed class SiteSettingsTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    private static Dictionary<string, string> FormOf(IHtmlDocument page, string name)
    {
        var fields = page.QuerySelectorAll("#main-content form input").OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name))
            .ToDictionary(i => i.Name!, i => i.Value);
        fields["Values[0]"] = name;
        return fields;
    }

    [Fact]
    public async Task The_later_of_two_concurrent_saves_gets_a_conflict_and_the_first_is_kept()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        var tabA = await client.GetDocumentAsync("/admin/settings");
        var tabB = await client.GetDocumentAsync("/admin/settings");

        var first = await client.PostAsync("/admin/settings", new FormUrlEncodedContent(FormOf(tabA, "Accreditation (first save)")));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var second = await client.PostAsync("/admin/settings", new FormUrlEncodedContent(FormOf(tabB, "Accreditation (second save)")));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var page = Pages.Parse(await second.Content.ReadAsStringAsync());
        Assert.Contains("Someone else changed these settings", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Accreditation (first save)", (page.QuerySelector("#Values_0_") as IHtmlInputElement)!.Value);

        var stored = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().SiteSettings.AsNoTracking().SingleAsync(s => s.Key == "Site:Name"));
        Assert.Equal("Accreditation (first save)", stored.Value);
    }

    [Fact]
    public async Task An_empty_service_name_is_refused_next_to_the_field()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        var form = await client.GetDocumentAsync("/admin/settings");

        var response = await client.PostAsync("/admin/settings", new FormUrlEncodedContent(FormOf(form, "  ")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Pages.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Enter the service name", page.QuerySelector("#Values_0_error")!.TextContent.Replace("Error:", "", StringComparison.Ordinal).Trim());
    }

    [Fact]
    public async Task The_feedback_address_set_by_an_admin_is_the_phase_banners_link_and_is_hidden_when_not_set()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        var visitor = site.CreateBrowserLikeClient();
        Assert.Null((await visitor.GetDocumentAsync("/")).QuerySelector(".govuk-phase-banner a"));

        async Task<HttpResponseMessage> SaveFeedbackAsync(string address)
        {
            var form = await client.GetDocumentAsync("/admin/settings");
            var fields = form.QuerySelectorAll("#main-content form input").OfType<IHtmlInputElement>()
                .Where(i => !string.IsNullOrEmpty(i.Name))
                .ToDictionary(i => i.Name!, i => i.Value);
            var index = form.QuerySelectorAll("#main-content label").Select(l => l.TextContent.Trim()).ToList().IndexOf("Feedback address");
            Assert.True(index >= 0, "The settings page has no feedback address field");
            fields[$"Values[{index}]"] = address;
            return await client.PostAsync("/admin/settings", new FormUrlEncodedContent(fields));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await SaveFeedbackAsync("https://forms.example.gov.uk/accreditation-feedback")).StatusCode);
        var link = (await visitor.GetDocumentAsync("/")).QuerySelector(".govuk-phase-banner a#feedback-link")!;
        Assert.Equal("https://forms.example.gov.uk/accreditation-feedback", link.GetAttribute("href"));
        Assert.Equal("give your feedback", link.TextContent.Trim());

        var refused = await SaveFeedbackAsync("javascript:alert(1)");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Enter the feedback address as a web address", Pages.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://forms.example.gov.uk/accreditation-feedback", (await visitor.GetDocumentAsync("/")).QuerySelector("#feedback-link")!.GetAttribute("href"));

        Assert.Equal(HttpStatusCode.Redirect, (await SaveFeedbackAsync("")).StatusCode);
        Assert.Null((await visitor.GetDocumentAsync("/")).QuerySelector(".govuk-phase-banner a"));
    }

    [Fact]
    public async Task People_without_the_platform_permission_cannot_open_settings()
    {
        var anonymous = site.CreateBrowserLikeClient();
        var response = await anonymous.GetAsync("/admin/settings");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
