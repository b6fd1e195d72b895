using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Privacy;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>Lists what looks like identifiers of children or families, item by item, so the candidate can redact or confirm.</summary>
public sealed class PrivacyModel(CandidatePortfolio portfolios) : PortfolioPageModel(portfolios)
{
    /// <summary>The findings.</summary>
    public IReadOnlyList<PrivacyFinding> Findings { get; private set; } = [];

    /// <summary>Shows the findings.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Findings = PrivacyReview.Scan(Portfolio);
        return Page();
    }
}
