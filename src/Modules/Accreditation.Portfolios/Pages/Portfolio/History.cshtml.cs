using Accreditation.Core.Data;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>An item's version history, newest first.</summary>
public sealed class HistoryModel(CandidatePortfolio portfolios, AccreditationDbContext db) : PortfolioPageModel(portfolios)
{
    /// <summary>The item.</summary>
    public EvidenceItem Item { get; private set; } = null!;

    /// <summary>Its revisions, newest first.</summary>
    public IReadOnlyList<EvidenceRevision> Revisions { get; private set; } = [];

    /// <summary>Shows the history.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Portfolio.Items.FirstOrDefault(i => i.Id == itemId) is not { } item)
        {
            return NotFound();
        }

        Item = item;
        Revisions = await db.Set<EvidenceRevision>().AsNoTracking().Where(r => r.ItemId == itemId).OrderByDescending(r => r.Number).ToListAsync(ct);
        return Page();
    }
}
