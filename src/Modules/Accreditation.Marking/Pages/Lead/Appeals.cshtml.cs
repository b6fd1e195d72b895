using Accreditation.Marking.Allocation;
using Accreditation.Marking.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Marking.Pages.Lead;

/// <summary>Requests for review: assign an independent reviewer, and release the outcome once reviewed.</summary>
[Authorize(Policy = Permissions.LeadPolicy)]
public sealed class AppealsModel(Appeals.Appeals appeals, MarkingAllocation allocation) : PageModel
{
    /// <summary>The appeals with their cases.</summary>
    public IReadOnlyList<(Appeal Appeal, MarkingCase Case)> Rows { get; private set; } = [];

    /// <summary>Eligible reviewers per open appeal.</summary>
    public Dictionary<Guid, IReadOnlyList<Eligibility>> Reviewers { get; } = [];

    /// <summary>The appeal acted on.</summary>
    [BindProperty]
    public Guid AppealId { get; set; }

    /// <summary>The reviewer chosen.</summary>
    [BindProperty]
    public string? ReviewerId { get; set; }

    /// <summary>Shows the appeals.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Assigns a reviewer.</summary>
    public async Task<IActionResult> OnPostAssignAsync(CancellationToken ct)
    {
        var reasons = string.IsNullOrWhiteSpace(ReviewerId) ? ["Choose a reviewer"] : await appeals.AssignReviewerAsync(AppealId, ReviewerId, ct);
        if (reasons.Count > 0)
        {
            ModelState.AddModelError(nameof(ReviewerId), $"That reviewer cannot review this decision: {string.Join("; ", reasons)}");
            await LoadAsync(ct);
            return Page();
        }

        TempData["Message"] = "The reviewer was assigned.";
        return RedirectToPage("/Lead/Appeals");
    }

    /// <summary>Releases a reviewed outcome.</summary>
    public async Task<IActionResult> OnPostReleaseAsync(CancellationToken ct)
    {
        var error = await appeals.ReleaseAsync(AppealId, ct);
        TempData["Message"] = error ?? "The outcome of the review was released.";
        return RedirectToPage("/Lead/Appeals");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await appeals.ListAsync(ct);
        foreach (var (appeal, c) in Rows.Where(r => r.Appeal.Status is AppealStatus.Requested or AppealStatus.UnderReview))
        {
            Reviewers[appeal.Id] = await allocation.EligibilityAsync(c.Id, MarkingRole.Review, ct);
        }
    }
}
