using Accreditation.Core.Data;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>Check your answers: everything that will be submitted, what is missing, and the submit (or withdraw) button.</summary>
public sealed class CheckModel(CandidatePortfolio portfolios, PortfolioSubmission submissions, AccreditationDbContext db) : PortfolioPageModel(portfolios)
{
    /// <summary>Every statement's progress.</summary>
    public IReadOnlyList<StatementProgress> Progress { get; private set; } = [];

    /// <summary>What stands between the portfolio and submission.</summary>
    public SubmissionReadiness Readiness { get; private set; } = null!;

    /// <summary>Earlier submissions, newest first.</summary>
    public IReadOnlyList<Submission> Submissions { get; private set; } = [];

    /// <summary>The candidate confirms the privacy findings do not identify anyone.</summary>
    [BindProperty]
    public bool ConfirmPrivacy { get; set; }

    /// <summary>Shows the answers.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        await ShowAsync(ct);
        return Page();
    }

    /// <summary>Submits, or lists what is missing in the error summary.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var (submission, problems) = await submissions.SubmitAsync(Portfolio, ConfirmPrivacy, ct);
        if (submission is not null)
        {
            return RedirectToPage("/Portfolio/Submitted", new { id = Portfolio.Enrolment.Id, submissionId = submission.Id });
        }

        foreach (var problem in problems)
        {
            ModelState.AddModelError(problem.Field, problem.Message);
        }

        await ShowAsync(ct);
        return Page();
    }

    /// <summary>Withdraws a submission before marking starts.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid submissionId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (await submissions.WithdrawAsync(Portfolio, submissionId, ct))
        {
            TempData["Message"] = "Your submission has been withdrawn. You can change your evidence and submit again while the window is open.";
            return RedirectToPage("/Portfolio/TaskList", new { id = Portfolio.Enrolment.Id });
        }

        ModelState.AddModelError("", "This submission can no longer be withdrawn: marking has started.");
        await ShowAsync(ct);
        return Page();
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        Progress = Portfolio.Progress();
        Readiness = await submissions.CheckAsync(Portfolio, ct);
        Submissions = await db.Set<Submission>().AsNoTracking().Where(s => s.EnrolmentId == Portfolio.Enrolment.Id).OrderByDescending(s => s.SubmittedAt).ToListAsync(ct);
    }
}
