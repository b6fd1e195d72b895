using System.Net;
using Accreditation.Core.Security;
using Accreditation.Testing;

namespace Accreditation.IntegrationTests.PeopleAdmin;

/// <summary>Platform admins find people by organisation and by name or email, a page at a time, and change their roles safely.</summary>
public sealed class PeopleListTests(PeopleSite site) : IClassFixture<PeopleSite>
{
    [Fact]
    public async Task A_platform_admin_lists_one_organisations_people_a_page_at_a_time_and_searches_them()
    {
        var hull = await site.OrganisationAsync("E06000010", "Kingston upon Hull", Core.Identity.EnglishRegion.YorkshireAndTheHumber);
        var derby = await site.OrganisationAsync("E06000015", "Derby", Core.Identity.EnglishRegion.EastMidlands);
        for (var i = 1; i <= 23; i++)
        {
            await site.PersonAsync($"hull-{i:00}@hull.example.gov.uk", hull, Roles.Candidate);
        }

        await site.PersonAsync("derby-01@derby.example.gov.uk", derby, Roles.Candidate);
        var admin = await site.AdminAsync();

        var first = await admin.GetDocumentAsync($"/admin/people?organisation={hull}");
        var second = await admin.GetDocumentAsync($"/admin/people?organisation={hull}&p=2");
        var beyond = await admin.GetDocumentAsync($"/admin/people?organisation={hull}&p=9");
        var search = await admin.GetDocumentAsync("/admin/people?q=HULL-07");

        Assert.Equal("23 people", first.QuerySelector("caption")?.TextContent.Trim());
        Assert.Equal(20, first.QuerySelectorAll("tbody tr").Length);
        Assert.All(first.QuerySelectorAll("tbody tr"), row => Assert.Contains("Kingston upon Hull", row.TextContent, StringComparison.Ordinal));
        Assert.Equal($"/admin/people?organisation={hull}&p=2", first.QuerySelector(".govuk-pagination__next a")?.GetAttribute("href"));
        Assert.Equal(["hull-21", "hull-22", "hull-23"], second.QuerySelectorAll("tbody tr td:first-child").Select(c => c.TextContent.Trim()));
        Assert.Equal("23 people", second.QuerySelector("caption")?.TextContent.Trim()); // the last page, not full, gives the total
        Assert.Equal("23 people", beyond.QuerySelector("caption")?.TextContent.Trim()); // a page past the end shows the last
        Assert.Equal(["hull-21", "hull-22", "hull-23"], beyond.QuerySelectorAll("tbody tr td:first-child").Select(c => c.TextContent.Trim()));
        Assert.Equal("1 person", search.QuerySelector("caption")?.TextContent.Trim());
        Assert.Equal("hull-07@hull.example.gov.uk", Assert.Single(search.QuerySelectorAll("tbody tr")).QuerySelectorAll("td")[1].TextContent.Trim());
    }

    [Fact]
    public async Task Roles_saved_from_a_stale_form_answer_409_and_keep_the_other_admins_change()
    {
        const string email = "contested@derby.example.gov.uk";
        var derby = await site.OrganisationAsync("E06000015", "Derby", Core.Identity.EnglishRegion.EastMidlands);
        var id = await site.PersonAsync(email, derby, Roles.Candidate);
        var first = await site.AdminAsync();
        var second = await site.AdminAsync();
        var stamp = (await site.FindAsync(email))!.ConcurrencyStamp!;

        var saved = await second.PostFieldsAsync($"/admin/people/{id}/roles", [new("Roles", Roles.Candidate), new("Roles", Roles.Assessor), new("OrganisationId", derby.ToString()), new("ConcurrencyStamp", stamp)]);
        var stale = await first.PostFieldsAsync($"/admin/people/{id}/roles", [new("Roles", Roles.Publisher), new("OrganisationId", derby.ToString()), new("ConcurrencyStamp", stamp)]);

        Assert.Equal($"/admin/people/{id}", saved.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await stale.ReadPageAsync();
        Assert.Contains("Someone else changed this person while you were editing", Assert.Single(page.ErrorSummary()), StringComparison.Ordinal);
        Assert.Equal([Roles.Assessor, Roles.Candidate], page.QuerySelectorAll("input[name=Roles][checked]").Select(i => i.GetAttribute("value")).Order(StringComparer.Ordinal));
        Assert.Equal([Roles.Assessor, Roles.Candidate], await site.RolesAsync(email));
    }
}
