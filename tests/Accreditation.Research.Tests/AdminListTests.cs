using Accreditation.Testing;

namespace Accreditation.Research.Tests;

/// <summary>The editors' list of library items, on a site of its own so its many items page no other test's list.</summary>
public sealed class AdminListTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task The_item_list_pages_by_fifty_keeping_the_title_filter()
    {
        for (var i = 0; i < 51; i++)
        {
            await site.AddItemAsync($"Quillwort paging study {i}");
        }

        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();

        var first = await client.GetDocumentAsync("/admin/research?Title=quillwort");
        Assert.Equal(50, first.QuerySelectorAll("tbody tr").Length);
        Assert.Null(first.QuerySelector(".govuk-pagination__prev a"));
        Assert.Equal("?page=2&Title=quillwort", first.QuerySelector(".govuk-pagination__next a")?.GetAttribute("href"));
        var second = await client.GetDocumentAsync("/admin/research?page=2&Title=quillwort");
        Assert.Single(second.QuerySelectorAll("tbody tr"));
        Assert.Equal("?page=1&Title=quillwort", second.QuerySelector(".govuk-pagination__prev a")?.GetAttribute("href"));
        Assert.Null(second.QuerySelector(".govuk-pagination__next a"));
    }
}
