using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>The candidate's request for reasonable adjustments, which only the lead assessor sees.</summary>
public sealed class AdjustmentsModel(CandidatePortfolio portfolios, AccreditationDbContext db, IAuditTrail audit) : PortfolioPageModel(portfolios)
{
    /// <summary>The request.</summary>
    [BindProperty]
    public string? Adjustments { get; set; }

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Adjustments = Portfolio.Enrolment.ReasonableAdjustments;
        return Page();
    }

    /// <summary>Saves the request.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if ((Adjustments?.Length ?? 0) > PortfoliosModel.ShortTextLength)
        {
            ModelState.AddModelError(nameof(Adjustments), $"Your request must be {PortfoliosModel.ShortTextLength:N0} characters or fewer");
            return Page();
        }

        var enrolment = await db.Set<Enrolment>().SingleAsync(e => e.Id == id, ct);
        enrolment.ReasonableAdjustments = string.IsNullOrWhiteSpace(Adjustments) ? null : Adjustments.Trim();
        audit.Add("enrolment.adjustments-changed", "Enrolment", id.ToString());
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "Your request for reasonable adjustments has been saved.";
        return RedirectToPage("/Portfolio/TaskList", new { id = Portfolio.Enrolment.Id });
    }
}
