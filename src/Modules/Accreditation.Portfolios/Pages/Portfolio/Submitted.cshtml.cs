using Accreditation.Core.Data;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>The confirmation page after submitting.</summary>
public sealed class SubmittedModel(CandidatePortfolio portfolios, AccreditationDbContext db) : PortfolioPageModel(portfolios)
{
    /// <summary>The submission.</summary>
    public Submission Submission { get; private set; } = null!;

    /// <summary>Shows the confirmation.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, Guid submissionId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)
            || await db.Set<Submission>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == submissionId && s.EnrolmentId == id, ct) is not { } submission)
        {
            return NotFound();
        }

        Submission = submission;
        return Page();
    }
}
