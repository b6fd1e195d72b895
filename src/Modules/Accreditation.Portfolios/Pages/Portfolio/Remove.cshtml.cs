using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>Asks the candidate to confirm before an item (and an unsubmitted file) is removed.</summary>
public sealed class RemoveModel(CandidatePortfolio portfolios, EvidenceEditor editor) : PortfolioPageModel(portfolios)
{
    /// <summary>The item.</summary>
    public EvidenceItem Item { get; private set; } = null!;

    /// <summary>Shows the question.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, Guid itemId, CancellationToken ct) =>
        await FindAsync(id, itemId, ct) ? Page() : NotFound();

    /// <summary>Removes the item.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        if (!await FindAsync(id, itemId, ct))
        {
            return NotFound();
        }

        await editor.DeleteAsync(Portfolio, itemId, ct);
        TempData["Message"] = $"Removed: {Item.Title}";
        return RedirectToPage("/Portfolio/TaskList", new { id = Portfolio.Enrolment.Id });
    }

    private async Task<bool> FindAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Portfolio.Items.FirstOrDefault(i => i.Id == itemId) is not { } item)
        {
            return false;
        }

        Item = item;
        return true;
    }
}
