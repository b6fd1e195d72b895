using Accreditation.Core.Data;
using Accreditation.Marking.Data;
using Accreditation.Marking.Release;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Pages.Lead;

/// <summary>Releases decisions that are ready: the chosen ones, or all of them at once.</summary>
[Authorize(Policy = Permissions.LeadPolicy)]
public sealed class ReleaseModel(AccreditationDbContext db, DecisionRelease release) : PageModel
{
    /// <summary>Decisions ready for release.</summary>
    public IReadOnlyList<MarkingCase> Ready { get; private set; } = [];

    /// <summary>The chosen cases.</summary>
    [BindProperty]
    public List<Guid> Selected { get; set; } = [];

    /// <summary>Shows what is ready.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Releases the chosen decisions.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Selected.Count == 0)
        {
            ModelState.AddModelError(nameof(Selected), "Choose at least one decision to release");
            await LoadAsync(ct);
            return Page();
        }

        return await ReleaseAsync(Selected, ct);
    }

    /// <summary>Releases every decision that is ready.</summary>
    public async Task<IActionResult> OnPostAllAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return await ReleaseAsync(Ready.Select(c => c.Id).ToList(), ct);
    }

    private async Task<IActionResult> ReleaseAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var result = await release.ReleaseAsync(ids, User.UserId(), ct);
        TempData["Message"] = $"{result.Released.Count} {(result.Released.Count == 1 ? "decision was" : "decisions were")} released. {string.Join(" ", result.Problems)}".Trim();
        return Redirect("/marking/lead/release");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Ready = (await db.Set<MarkingCase>().AsNoTracking().Where(c => c.Status == CaseStatus.ReadyForRelease).ToListAsync(ct)).OrderBy(c => c.SubmittedAt).ToList();
}
