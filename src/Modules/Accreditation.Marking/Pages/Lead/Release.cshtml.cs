using Accreditation.Marking.Certificates;
using Accreditation.Core.Data;
using Accreditation.Marking.Data;
using Accreditation.Marking.Release;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Marking.Pages.Lead;

/// <summary>
/// Releases decisions: each case waiting shows every component its rule requires; the ready ones (nothing pending) can be
/// released, chosen or all at once, and the held ones say what they wait for instead of offering release. Released
/// "not yet" decisions that a later result (a resit) changes are listed to be made again.
/// </summary>
[Authorize(Policy = Permissions.LeadPolicy)]
public sealed class ReleaseModel(DecisionRelease release) : PageModel
{
    /// <summary>Every case waiting, ready or held, then the decisions to make again.</summary>
    public IReadOnlyList<Releasable> Waiting { get; private set; } = [];

    /// <summary>The chosen cases.</summary>
    [BindProperty]
    public List<Guid> Selected { get; set; } = [];

    /// <summary>Shows what is waiting.</summary>
    public async Task OnGetAsync(CancellationToken ct) => Waiting = await release.WaitingAsync(ct);

    /// <summary>Releases the chosen decisions.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Selected.Count == 0)
        {
            ModelState.AddModelError(nameof(Selected), "Choose at least one decision to release");
            Waiting = await release.WaitingAsync(ct);
            return Page();
        }

        return await ReleaseAsync(Selected, ct);
    }

    /// <summary>Releases every decision that is ready (held ones stay).</summary>
    public async Task<IActionResult> OnPostAllAsync(CancellationToken ct) =>
        await ReleaseAsync((await release.WaitingAsync(ct)).Where(r => r.Ready).Select(r => r.Case.Id).ToList(), ct);

    private async Task<IActionResult> ReleaseAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var result = await release.ReleaseAsync(ids, User.UserId(), ct);
        TempData["Message"] = $"{result.Released.Count} {(result.Released.Count == 1 ? "decision was" : "decisions were")} released. {string.Join(" ", result.Problems)}".Trim();
        return RedirectToPage("/Lead/Release");
    }
}
