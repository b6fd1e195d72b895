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
        var fields = page.QuerySelectorAll("form input").OfType<IHtmlInputElement>()
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
    public async Task People_without_the_platform_permission_cannot_open_settings()
    {
        var anonymous = site.CreateBrowserLikeClient();
        var response = await anonymous.GetAsync("/admin/settings");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
