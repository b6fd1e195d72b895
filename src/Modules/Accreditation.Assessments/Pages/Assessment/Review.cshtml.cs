using Accreditation.Assessments.Data;
using Accreditation.Assessments.Sittings;
using Accreditation.Core.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Pages.Assessment;

/// <summary>Which questions are answered, and the candidate's submit.</summary>
[Authorize(Policy = Permissions.SitPolicy)]
public sealed class ReviewModel(AccreditationDbContext db, SittingService sittings, TimeProvider clock) : CandidatePage
{
    /// <summary>The sitting.</summary>
    public Sitting Sitting { get; private set; } = null!;

    /// <summary>Each question's position and whether it is answered.</summary>
    public IReadOnlyList<(int Position, bool Answered)> Questions { get; private set; } = [];

    /// <summary>Seconds left by the server's clock.</summary>
    public long SecondsLeft { get; private set; }

    /// <summary>Shows the review.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var sitting = await sittings.ForCandidateAsync(id, UserId, ct);
        if (sitting is null)
        {
            return NotFound();
        }

        if (sitting.Status != SittingStatus.Active)
        {
            return RedirectToPage("/Assessment/Submitted", new { id });
        }

        Sitting = sitting;
        Questions = (await db.Set<SittingItem>().AsNoTracking().Where(i => i.SittingId == id).OrderBy(i => i.Position)
            .Select(i => new { i.Position, i.Answer }).ToListAsync(ct)).Select(i => (i.Position, i.Answer != null)).ToList();
        SecondsLeft = Math.Max(0, (long)Math.Floor((sitting.Deadline - clock.GetUtcNow()).TotalSeconds));
        return Page();
    }

    /// <summary>Submits the sitting.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct) =>
        await sittings.SubmitByCandidateAsync(id, UserId, ct) ? RedirectToPage("/Assessment/Submitted", new { id }) : NotFound();
}
