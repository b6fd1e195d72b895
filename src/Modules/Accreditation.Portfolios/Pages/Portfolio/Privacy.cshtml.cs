using Accreditation.Core.Web;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Privacy;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>
/// What looks like identifiers of children or families, so the candidate can redact or confirm: a summary by kind and by
/// item, then the findings a page at a time, so the page stays small however long the portfolio is.
/// </summary>
public sealed class PrivacyModel(CandidatePortfolio portfolios, PrivacyScanCache scans) : PortfolioPageModel(portfolios)
{
    /// <summary>Findings on one page.</summary>
    public const int PageSize = 25;

    /// <summary>Items named in the summary; the rest are counted together.</summary>
    public const int ItemsSummarised = 15;

    /// <summary>One item's count in the summary.</summary>
    public sealed record ItemCount(EvidenceItem Item, int Count);

    /// <summary>How many findings there are in all.</summary>
    public int Total { get; private set; }

    /// <summary>How many findings of each kind.</summary>
    public IReadOnlyList<(IdentifierKind Kind, int Count)> ByKind { get; private set; } = [];

    /// <summary>The items with the most findings, most first.</summary>
    public IReadOnlyList<ItemCount> ByItem { get; private set; } = [];

    /// <summary>Items with findings beyond those named.</summary>
    public int OtherItems { get; private set; }

    /// <summary>The findings on this page.</summary>
    public IReadOnlyList<PrivacyFinding> Findings { get; private set; } = [];

    /// <summary>This page's number, from 1.</summary>
    public int PageNumber { get; private set; } = 1;

    /// <summary>How many pages of findings there are.</summary>
    public int Pages { get; private set; } = 1;

    /// <summary>Shows the summary and a page of findings (a page number out of range shows the nearest page).</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, [FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var all = PrivacyReview.Scan(Portfolio, scans);
        Total = all.Count;
        ByKind = all.GroupBy(f => f.Match.Kind).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList();
        var byItem = all.GroupBy(f => f.Item.Id).Select(g => new ItemCount(g.First().Item, g.Count())).OrderByDescending(c => c.Count).ThenBy(c => c.Item.Title, StringComparer.CurrentCulture).ToList();
        ByItem = byItem.Take(ItemsSummarised).ToList();
        OtherItems = byItem.Count - ByItem.Count;
        Pages = PageLinks.PagesFor(Total, PageSize);
        PageNumber = Math.Clamp(page ?? 1, 1, Pages);
        Findings = all.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
        return Page();
    }
}
