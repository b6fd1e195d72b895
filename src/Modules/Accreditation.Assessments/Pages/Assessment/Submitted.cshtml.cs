using Accreditation.Assessments.Data;
using Accreditation.Assessments.Sittings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Assessments.Pages.Assessment;

/// <summary>Confirms a submitted sitting; the result waits for its release.</summary>
[Authorize(Policy = Permissions.SitPolicy)]
public sealed class SubmittedModel(SittingService sittings) : CandidatePage
{
    /// <summary>The sitting.</summary>
    public Sitting Sitting { get; private set; } = null!;

    /// <summary>Shows the confirmation.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var sitting = await sittings.ForCandidateAsync(id, UserId, ct);
        if (sitting is null)
        {
            return NotFound();
        }

        if (sitting.Status == SittingStatus.Active)
        {
            return RedirectToPage("/Assessment/Review", new { id });
        }

        Sitting = sitting;
        return Page();
    }
}
