using System.Net;
using Accreditation.Core.Security;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Pages.Updates;
using Accreditation.Testing;

namespace Accreditation.Publishing.Tests;

/// <summary>
/// The list of practice updates grows for as long as the scheme runs: it is read a page at a time, newest first, and the
/// audience rule is checked by the database as exactly as on the item page (a role is not matched inside another's name).
/// </summary>
public sealed class UpdatesListTests(PublishingSite site) : IClassFixture<PublishingSite>
{
    [Fact]
    public async Task The_list_is_paged_newest_first_and_shows_each_reader_only_their_audience()
    {
        var organisation = Guid.NewGuid();
        var published = new List<PracticeUpdate>();
        for (var i = 0; i < IndexModel.PageSize + 3; i++)
        {
            published.Add(await site.PublishAsync(PublishingSiteExtensions.Draft($"Paged update {i:00}")));
            site.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var assessors = await site.PublishAsync(PublishingSiteExtensions.Draft("For assessors only", AudienceKind.Roles, roles: [Roles.Assessor]));
        site.Clock.Advance(TimeSpan.FromMinutes(1));
        var theirs = await site.PublishAsync(PublishingSiteExtensions.Draft("For one authority", AudienceKind.Organisations, organisations: organisation.ToString()));
        var leadEmail = PublishingSiteExtensions.NewAddress("lead");
        await site.CreatePersonAsync(leadEmail, [Roles.LeadAssessor], u => u.OrganisationId = Guid.NewGuid());
        var assessorEmail = PublishingSiteExtensions.NewAddress("assessor");
        await site.CreatePersonAsync(assessorEmail, [Roles.Assessor], u => u.OrganisationId = organisation);

        var anonymous = site.CreateBrowserLikeClient();
        var first = await TitlesAsync(anonymous, "/updates");
        var second = await TitlesAsync(anonymous, "/updates?p=2");
        var newestFirst = published.Select(u => u.Title).Reverse().ToList();
        Assert.Equal(newestFirst.Take(IndexModel.PageSize), first);
        Assert.Equal(newestFirst.Skip(IndexModel.PageSize), second);
        var page = await anonymous.GetDocumentAsync("/updates");
        Assert.Contains(page.QuerySelectorAll(".govuk-pagination a"), a => a.GetAttribute("href") == "/updates?p=2");
        var beyond = await anonymous.GetAsync("/updates?p=7");
        Assert.Equal(HttpStatusCode.Redirect, beyond.StatusCode);
        Assert.Equal("/updates?p=2", beyond.Headers.Location?.OriginalString);

        // A lead assessor is not an assessor, and works elsewhere; the assessor works at the authority.
        var lead = await TitlesAsync(await site.SignedInClientAsync(leadEmail), "/updates");
        Assert.DoesNotContain(assessors.Title, lead);
        Assert.DoesNotContain(theirs.Title, lead);
        Assert.Equal(newestFirst.Take(IndexModel.PageSize), lead);
        var assessor = await TitlesAsync(await site.SignedInClientAsync(assessorEmail), "/updates");
        Assert.Equal([theirs.Title, assessors.Title], assessor.Take(2));
        Assert.Equal(IndexModel.PageSize, assessor.Count);
    }

    private static async Task<List<string>> TitlesAsync(HttpClient client, string url) =>
        (await client.GetDocumentAsync(url)).QuerySelectorAll("main h2 a").Select(a => a.TextContent.Trim()).ToList();
}
