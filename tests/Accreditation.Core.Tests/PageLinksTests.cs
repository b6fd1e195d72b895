using Accreditation.Core.Web;

namespace Accreditation.Core.Tests;

/// <summary>How many pages a paged list has: every list's page links and "a page past the end goes to the last" rest on it.</summary>
public sealed class PageLinksTests
{
    [Theory]
    [InlineData(0, 20, 1)]
    [InlineData(1, 20, 1)]
    [InlineData(20, 20, 1)]
    [InlineData(21, 20, 2)]
    [InlineData(40, 20, 2)]
    [InlineData(41, 20, 3)]
    [InlineData(26, 25, 2)]
    public void A_list_has_as_many_pages_as_its_items_fill_and_never_fewer_than_one(int total, int pageSize, int pages) =>
        Assert.Equal(pages, PageLinks.PagesFor(total, pageSize));

    [Theory]
    [InlineData(0, 20, 0, 0)] // an empty list
    [InlineData(0, 20, 7, 7)] // one page, not full
    [InlineData(40, 20, 5, 45)] // the last page of three
    [InlineData(0, 20, 20, null)] // a full page: more may follow
    [InlineData(40, 20, 20, null)]
    [InlineData(60, 20, 0, null)] // an empty page after the first may lie beyond the end
    public void A_page_that_is_not_full_gives_the_length_of_the_list_and_any_other_needs_a_count(int skip, int pageSize, int shown, int? total) =>
        Assert.Equal(total, PageLinks.TotalFromPage(skip, pageSize, shown));
}
