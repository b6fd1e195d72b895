using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Submissions;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>The portfolio's task list: every statement with its state and words, then endorsement, privacy check and submission.</summary>
public sealed class TaskListModel(CandidatePortfolio portfolios, PortfolioSubmission submissions) : PortfolioPageModel(portfolios)
{
    /// <summary>Every statement's progress.</summary>
    public IReadOnlyList<StatementProgress> Progress { get; private set; } = [];

    /// <summary>Endorsement, findings and latest submission.</summary>
    public SubmissionReadiness Readiness { get; private set; } = null!;

    /// <summary>A message from the last action, shown in a banner.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the task list.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Progress = Portfolio.Progress();
        Readiness = await submissions.CheckAsync(Portfolio, ct);
        return Page();
    }
}
