using Accreditation.Core.Data;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Pages.Lead;

/// <summary>The lead assessor's overview: every portfolio in marking by candidate number and status.</summary>
[Authorize(Policy = Permissions.LeadPolicy)]
public sealed class IndexModel(AccreditationDbContext db, MarkingAllocation allocation) : PageModel
{
    /// <summary>The cases, oldest first.</summary>
    public IReadOnlyList<MarkingCase> Cases { get; private set; } = [];

    /// <summary>Shows the cases.</summary>
    public async Task OnGetAsync(CancellationToken ct) =>
        Cases = (await db.Set<MarkingCase>().AsNoTracking().Where(c => c.Status != CaseStatus.Withdrawn).ToListAsync(ct)).OrderBy(c => c.SubmittedAt).ToList();

    /// <summary>Allocates waiting portfolios now.</summary>
    public async Task<IActionResult> OnPostAllocateAsync(CancellationToken ct)
    {
        var count = await allocation.AllocatePendingAsync(ct);
        TempData["Message"] = count == 1 ? "1 marking was allocated." : $"{count} markings were allocated.";
        return RedirectToPage("/Lead/Index");
    }
}
