using Accreditation.Core.Web;
using Accreditation.Marking.Data;
using Accreditation.Marking.Work;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Marking.Pages.Marking;

/// <summary>The assessor's list of portfolios allocated to them, by candidate number: what is still to mark first, a page at a time.</summary>
[Authorize(Policy = Permissions.MarkPolicy)]
public sealed class IndexModel(MarkingWork work) : PageModel
{
    /// <summary>The page of the list asked for (from 1).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    /// <summary>This page's markings.</summary>
    public IReadOnlyList<AssessorMarking> Rows { get; private set; } = [];

    /// <summary>How many markings the assessor has in all.</summary>
    public int Total { get; private set; }

    /// <summary>How many pages the list has.</summary>
    public int Pages => PageLinks.PagesFor(Total, MarkingWork.MarkingsPageSize);

    /// <summary>The address of a page of the list.</summary>
    public string PageUrl(int page) => Url.Page("/Marking/Index", new { p = page }) ?? "";

    /// <summary>Shows a page of the list; a page past the end goes to the last one.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        (Rows, Total) = await work.MarkingsOfAsync(User.UserId(), PageNumber, ct);
        if (Rows.Count == 0 && PageNumber > Pages)
        {
            return RedirectToPage("/Marking/Index", new { p = Pages });
        }

        return Page();
    }
}
