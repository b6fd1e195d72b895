using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Marking.Data;
using Accreditation.Marking.Decisions;
using Accreditation.Marking.Rubrics;
using Accreditation.Marking.Work;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Submissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Pages.Results;

/// <summary>
/// The candidate's decision and feedback per statement, once released (before that, only that marking is under way);
/// the certificate when accredited; and, within the review period, a request for review with grounds.
/// </summary>
[Authorize(Policy = Permissions.ViewOwnResultsPolicy)]
public sealed class DecisionModel(ISubmissionSnapshots snapshots, AccreditationDbContext db, RubricCatalog rubrics, Appeals.Appeals appeals, AwardComponents components, IAuditTrail audit) : PageModel
{
    /// <summary>Each component the decision covers, with its outcome and what to do next when it is not met.</summary>
    public IReadOnlyList<ComponentStanding> Components { get; private set; } = [];

    /// <summary>Why a review cannot be asked for (null when it can, or one was asked for).</summary>
    public string? CannotAppeal { get; private set; }

    /// <summary>The case.</summary>
    public MarkingCase Case { get; private set; } = null!;

    /// <summary>The candidate's submission.</summary>
    public CandidateSubmission Submission { get; private set; } = null!;

    /// <summary>The marks that stand, once released.</summary>
    public AssessorMarking? Final { get; private set; }

    /// <summary>The rubric (level names and descriptors).</summary>
    public RubricView Rubric { get; private set; } = null!;

    /// <summary>The statements of the snapshot (number and title).</summary>
    public IReadOnlyDictionary<int, string> Statements { get; private set; } = new Dictionary<int, string>();

    /// <summary>The current award of this decision.</summary>
    public Award? Award { get; private set; }

    /// <summary>The request for review, if any.</summary>
    public Appeal? Appeal { get; private set; }

    /// <summary>Until when a review can be asked for (null when it cannot: see <see cref="CannotAppeal"/>).</summary>
    public DateTimeOffset? AppealDeadline { get; private set; }

    /// <summary>The grounds for review.</summary>
    [BindProperty]
    public string? Grounds { get; set; }

    /// <summary>Shows the decision.</summary>
    public async Task<IActionResult> OnGetAsync(Guid caseId, CancellationToken ct)
    {
        if (!await LoadAsync(caseId, ct))
        {
            return NotFound();
        }

        if (Final is not null)
        {
            await audit.RecordAsync("decision.viewed", "MarkingCase", caseId.ToString(), ct: ct);
        }

        return Page();
    }

    /// <summary>Asks for a review.</summary>
    public async Task<IActionResult> OnPostAppealAsync(Guid caseId, CancellationToken ct)
    {
        if (!await LoadAsync(caseId, ct))
        {
            return NotFound();
        }

        var error = await appeals.RequestAsync(caseId, User.UserId(), Grounds, ct);
        if (error is not null)
        {
            ModelState.AddModelError(nameof(Grounds), error);
            return Page();
        }

        TempData["Message"] = "Your request for a review was received. A lead assessor will arrange an independent review.";
        return RedirectToPage("/Results/Decision", new { caseId });
    }

    private async Task<bool> LoadAsync(Guid caseId, CancellationToken ct)
    {
        var found = await db.Set<MarkingCase>().AsNoTracking().Include(c => c.Markings).ThenInclude(m => m.Marks).AsSplitQuery().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        var mine = found is null ? null : (await snapshots.SubmissionsOfCandidateAsync(User.UserId(), ct)).FirstOrDefault(s => s.SubmissionId == found.SubmissionId);
        if (found is null || mine is null)
        {
            return false;
        }

        (Case, Submission) = (found, mine);
        Rubric = await rubrics.ForVersionAsync(found.FrameworkVersionId, ct);
        if (found.Status != CaseStatus.Released)
        {
            return true;
        }

        var caseAppeals = await db.Set<Appeal>().AsNoTracking().Where(a => a.CaseId == caseId).ToListAsync(ct);
        Appeal = caseAppeals.OrderByDescending(a => a.RequestedAt).FirstOrDefault();
        Final = Moderation.FinalOf(found.Markings, caseAppeals);
        Award = await db.Set<Award>().AsNoTracking().Where(a => a.CaseId == caseId && a.RevokedAt == null).FirstOrDefaultAsync(ct);
        Components = await components.RecordedAsync(found, ct);
        CannotAppeal = Appeal is null ? await appeals.WhyNotAsync(found, ct) : null;
        AppealDeadline = Appeal is null && CannotAppeal is null ? await appeals.DeadlineAsync(found, ct) : null;
        var snapshot = await snapshots.GetAsync(found.SubmissionId, ct);
        Statements = snapshot?.Document?.Statements.ToDictionary(s => s.Number, s => s.Title) ?? [];
        return true;
    }
}
