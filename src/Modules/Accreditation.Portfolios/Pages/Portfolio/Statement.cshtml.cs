using Accreditation.Frameworks;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>One statement: what it asks, the evidence mapped to it, and ways to add more.</summary>
public sealed class StatementModel(CandidatePortfolio portfolios, EvidenceEditor editor) : PortfolioPageModel(portfolios)
{
    /// <summary>The statement.</summary>
    public PublishedStatement Statement { get; private set; } = null!;

    /// <summary>Its progress.</summary>
    public StatementProgress Progress { get; private set; } = null!;

    /// <summary>Items not yet mapped to it.</summary>
    public IReadOnlyList<EvidenceItem> Others { get; private set; } = [];

    /// <summary>Shows the statement.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, Guid statementId, CancellationToken ct) =>
        await FindAsync(id, statementId, ct) ? Page() : NotFound();

    /// <summary>Starts a new reflective account or record of observation mapped to this statement.</summary>
    public async Task<IActionResult> OnPostAddAsync(Guid id, Guid statementId, EvidenceKind kind, CancellationToken ct)
    {
        if (!await FindAsync(id, statementId, ct))
        {
            return NotFound();
        }

        if (kind == EvidenceKind.Document)
        {
            return Redirect($"{Portfolio.Url}/upload?statement={statementId}");
        }

        var item = await editor.CreateAsync(Portfolio, kind, statementId, ct);
        return Redirect($"{Portfolio.Url}/items/{item.Id}");
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
