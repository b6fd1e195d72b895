using Accreditation.Core.Data;
using Accreditation.Core.Web;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Updates;

/// <summary>The published practice updates the reader's audience allows, newest first, a page at a time.</summary>
[AllowAnonymous]
public sealed class IndexModel(AccreditationDbContext db) : PageModel
{
    /// <summary>How many updates a page lists.</summary>
    public const int PageSize = 20;

    /// <summary>The page asked for (from 1).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    /// <summary>What the reader may see on this page.</summary>
    public IReadOnlyList<PracticeUpdate> Items { get; private set; } = [];

    /// <summary>How many updates the reader may see in all.</summary>
    public int Total { get; private set; }

    /// <summary>How many pages there are.</summary>
    public int Pages => PageLinks.PagesFor(Total, PageSize);

    /// <summary>The address of a page of the list.</summary>
    public string PageUrl(int page) => Url.Page("/Updates/Index", new { p = page }) ?? "";

    /// <summary>Loads a page of the list; a page past the end goes to the last one.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        var reader = Reader.From(User);
        var visible = db.Set<PracticeUpdate>().AsNoTracking()
            .Where(u => u.Kind == PublicationKind.Update && u.Status == PublicationStatus.Published)
            .Where(reader.Visible());
        Total = await visible.CountAsync(ct);
        Items = await visible.OrderByDescending(u => u.PublishedAt).ThenBy(u => u.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        if (Items.Count == 0 && PageNumber > Pages)
        {
            return RedirectToPage("/Updates/Index", new { p = Pages });
        }

        return Page();
    }
}
