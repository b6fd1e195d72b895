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
}
