using System.Security.Claims;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>Enrols the candidate in an open window, with any request for reasonable adjustments (seen by the lead assessor only).</summary>
[Authorize(Policy = Permissions.BuildPortfolioPolicy)]
public sealed class EnrolModel(AccreditationDbContext db, ProgrammeCatalog programmes, IPeopleDirectory people) : PageModel
{
    /// <summary>The window.</summary>
    public AssessmentWindow Window { get; private set; } = null!;

    /// <summary>The candidate's request for reasonable adjustments (optional).</summary>
    [BindProperty]
    public string? Adjustments { get; set; }

    /// <summary>Shows the window and the form.</summary>
    public async Task<IActionResult> OnGetAsync(Guid windowId, CancellationToken ct) =>
        await FindAsync(windowId, ct) ? Page() : NotFound();

    /// <summary>Enrols, or says why not.</summary>
    public async Task<IActionResult> OnPostAsync(Guid windowId, CancellationToken ct)
    {
        if (!await FindAsync(windowId, ct))
        {
            return NotFound();
        }

        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var candidate = await people.FindAsync(userId!, ct);
        if (candidate is null)
        {
            return Forbid();
        }

        var result = await programmes.EnrolAsync(windowId, candidate, Adjustments, null, ct);
        if (result.Enrolment is null)
        {
            ModelState.AddModelError(result.Field == "Adjustments" ? nameof(Adjustments) : "", result.Error!);
            return Page();
        }

        return RedirectToPage("/Portfolio/TaskList", new { id = result.Enrolment.Id });
    }

    private async Task<bool> FindAsync(Guid windowId, CancellationToken ct)
    {
        var window = await db.Set<AssessmentWindow>().AsNoTracking().Include(w => w.Programme).SingleOrDefaultAsync(w => w.Id == windowId, ct);
        if (window is null)
        {
            return false;
        }

        Window = window;
        return true;
    }
}
