using Accreditation.Core.Contracts;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>One statement: what it asks, the evidence mapped to it, and ways to add more.</summary>
public sealed class StatementModel(CandidatePortfolio portfolios, EvidenceEditor editor, IEnumerable<IStatementResources> research) : PortfolioPageModel(portfolios)
{
    /// <summary>The statement.</summary>
    public PublishedStatement Statement { get; private set; } = null!;

    /// <summary>Its progress.</summary>
    public StatementProgress Progress { get; private set; } = null!;

    /// <summary>Items not yet mapped to it.</summary>
    public IReadOnlyList<EvidenceItem> Others { get; private set; } = [];

    /// <summary>Research library items tagged with the statement (none without the library).</summary>
    public StatementResources? Tagged { get; private set; }

    /// <summary>Research library items like the statement's text, not already in <see cref="Tagged"/>.</summary>
    public IReadOnlyList<StatementResource> Like { get; private set; } = [];

    /// <summary>Shows the statement with research that may help.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, Guid statementId, CancellationToken ct)
    {
        if (!await FindAsync(id, statementId, ct))
        {
            return NotFound();
        }

        if (research.FirstOrDefault() is { } library)
        {
            Tagged = await library.ForStatementAsync(Portfolio.Framework.Key, Statement.Number, User, 5, ct);
            var shown = Tagged.Items.Select(i => i.Path).ToHashSet(StringComparer.Ordinal);
            Like = (await library.LikeTextAsync($"{Statement.Title}. {Statement.Description}", User, 8, ct))
                .Where(i => !shown.Contains(i.Path)).Take(5).ToList();
        }

        return Page();
    }

    /// <summary>Starts a new reflective account or record of observation mapped to this statement.</summary>
    public async Task<IActionResult> OnPostAddAsync(Guid id, Guid statementId, EvidenceKind kind, CancellationToken ct)
    {
        if (!await FindAsync(id, statementId, ct))
        {
            return NotFound();
        }

        if (kind == EvidenceKind.Document)
        {
            return RedirectToPage("/Portfolio/Upload", new { id = Portfolio.Enrolment.Id, statement = statementId });
        }

        var item = await editor.CreateAsync(Portfolio, kind, statementId, ct);
        return RedirectToPage("/Portfolio/Item", new { id = Portfolio.Enrolment.Id, itemId = item.Id });
    }

    private async Task<bool> FindAsync(Guid id, Guid statementId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Portfolio.Statement(statementId) is not { } statement)
        {
            return false;
        }

        Statement = statement;
        Progress = Portfolio.Progress().Single(p => p.Statement.Id == statementId);
        Others = Portfolio.Items.Where(i => i.Mappings.All(m => m.StatementId != statementId)).ToList();
        return true;
    }
}
