using Accreditation.Core.Security;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Accreditation.Testing;

namespace Accreditation.Publishing.Tests;

/// <summary>The site's search box: pages and practice updates beside research, grouped, never drafts or items outside the reader's audience.</summary>
public sealed class SearchTests(PublishingSite site) : IClassFixture<PublishingSite>
{
    [Fact]
    public async Task Search_finds_published_pages_and_updates_in_groups_as_far_as_the_reader_may_read_them()
    {
        var word = "quokka" + Guid.NewGuid().ToString("N")[..6];
        var page = await site.PublishAsync(new PublicationDraft(PublicationKind.Page, $"Supervision {word} guide", "About supervision.", "Text.", "", "", AudienceKind.Public, null, null, false));
        var forAssessors = await site.PublishAsync(PublishingSiteExtensions.Draft("Marking news", AudienceKind.Roles, body: $"All about {word} marking.", roles: [Roles.Assessor]));
        var author = await site.NewPublisherAsync();
        await site.WorkflowAsync(w => w.CreateAsync(new PublicationDraft(PublicationKind.Page, $"Draft {word}", "", "Draft text.", "", "", AudienceKind.Public, null, null, false), author));
        var assessor = PublishingSiteExtensions.NewAddress("assessor");
        await site.CreatePersonAsync(assessor, [Roles.Assessor]);

        var anonymous = await site.CreateBrowserLikeClient().GetDocumentAsync($"/search?q={word}+supervision");
        var asAssessor = await (await site.SignedInClientAsync(assessor)).GetDocumentAsync($"/search?q={word}");

        List<string> Links(AngleSharp.Html.Dom.IHtmlDocument d, string heading) =>
            d.QuerySelector($"#{heading}")!.NextElementSibling!.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal([$"/pages/{page.Slug}"], Links(anonymous, "results-pages"));
        Assert.Empty(Links(anonymous, "results-updates"));
        Assert.Equal([$"/pages/{page.Slug}"], Links(asAssessor, "results-pages"));
        Assert.Equal([$"/updates/{forAssessors.Slug}"], Links(asAssessor, "results-updates"));
        Assert.NotNull(anonymous.QuerySelector("#results-research"));
        Assert.Contains(anonymous.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/research?q={word}%20supervision");
        Assert.NotNull(anonymous.QuerySelector("header form[role=search] input[name=q]"));
    }
}
