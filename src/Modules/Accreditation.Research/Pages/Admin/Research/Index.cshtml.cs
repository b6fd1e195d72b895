using Accreditation.Core.Data;
using Accreditation.Core.Web;
using Accreditation.Research.Library;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Pages.Admin.Research;

/// <summary>The library's items for editors, newest change first, with a title filter.</summary>
[Authorize(Policy = "Permission:" + Permissions.EditLibrary)]
public sealed class IndexModel(AccreditationDbContext db) : PageModel
{
    private const int PageSize = 50;

    /// <summary>Title filter.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Title { get; set; }

    /// <summary>Page from 1.</summary>
    public int PageNumber { get; private set; } = 1;

    /// <summary>The items shown.</summary>
    public IReadOnlyList<ResearchItem> Items { get; private set; } = [];

    /// <summary>How many items match.</summary>
    public int Total { get; private set; }

    /// <summary>How many pages of items there are.</summary>
    public int Pages => PageLinks.PagesFor(Total, PageSize);

    /// <summary>Lists items.</summary>
    public async Task OnGetAsync([FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        var items = db.Set<ResearchItem>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Title))
        {
            var key = ResearchLibrary.MatchKeyOf(Title, null).TrimEnd('|');
            items = items.Where(i => i.MatchKey.Contains(key));
        }

        Total = await items.CountAsync(ct);
        // Read from the query alone: bound as a property, Razor Pages' own "page" route value came first and every page showed the first.
        PageNumber = Math.Max(1, page ?? 1);
        Items = await items.OrderByDescending(i => i.UpdatedAt).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
    }

    /// <summary>The address of a page of items, keeping the title filter.</summary>
    public string PageUrl(int page) => $"?page={page}&Title={Uri.EscapeDataString(Title ?? "")}";
}
