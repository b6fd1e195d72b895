using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Marking.Data;
using Accreditation.Marking.Rubrics;
using Accreditation.Marking.Work;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Pages.Lead;

/// <summary>A lead assessor compares the two markings of a portfolio where they disagree and records the agreed marks with a rationale.</summary>
[Authorize(Policy = Permissions.LeadPolicy)]
public sealed class ModerateModel(AccreditationDbContext db, RubricCatalog rubrics, Moderation moderation) : PageModel
{
    /// <summary>The case.</summary>
    public MarkingCase Case { get; private set; } = null!;

    /// <summary>The first and second markings.</summary>
    public AssessorMarking First { get; private set; } = null!;

    /// <summary>The second marking.</summary>
    public AssessorMarking Second { get; private set; } = null!;

    /// <summary>The rubric.</summary>
    public RubricView Rubric { get; private set; } = null!;

    /// <summary>The case's row version when the form was loaded.</summary>
    [BindProperty]
    public uint RowVersion { get; set; }

    /// <summary>Agreed grades and feedback.</summary>
    [BindProperty]
    public List<Work.CaseFields> Marks { get; set; } = [];

    /// <summary>Agreed overall comment.</summary>
    [BindProperty]
    public string? OverallComment { get; set; }

    /// <summary>Why these marks.</summary>
    [BindProperty]
    public string? Rationale { get; set; }

    /// <summary>Shows both markings.</summary>
    public async Task<IActionResult> OnGetAsync(Guid caseId, CancellationToken ct)
    {
        if (!await LoadAsync(caseId, ct))
        {
            return NotFound();
        }

        if (await moderation.WhyNotModerateAsync(caseId, User.UserId(), ct) is { } refused)
        {
            // Only what this lead assessor may do is offered: the portfolio's page says why not, and who else can.
            TempData["Message"] = refused;
            return RedirectToPage("/Lead/Case", new { caseId });
        }

        RowVersion = Case.Version;
        Marks = First.Marks.OrderBy(m => m.StatementNumber).Select(m => new Work.CaseFields { StatementNumber = m.StatementNumber }).ToList();
        return Page();
    }

    /// <summary>Records the agreed marks.</summary>
    public async Task<IActionResult> OnPostAsync(Guid caseId, CancellationToken ct)
    {
        if (!await LoadAsync(caseId, ct))
        {
            return NotFound();
        }

        var errors = await moderation.AgreeAsync(caseId, RowVersion, User.UserId(), Marks.Select(m => new MarkInput(m.StatementNumber, m.Level, m.Comment)).ToList(), OverallComment, Rationale, Rubric.Levels.Count, ct);
        if (errors.Count == 0)
        {
            TempData["Message"] = "The agreed marks were recorded. The decision is ready for release.";
            return RedirectToPage("/Lead/Case", new { caseId });
        }

        errors.AddTo(ModelState);

        return Page();
    }

    private async Task<bool> LoadAsync(Guid caseId, CancellationToken ct)
    {
        var found = await db.Set<MarkingCase>().AsNoTracking().Include(c => c.Markings).ThenInclude(m => m.Marks).AsSplitQuery().SingleOrDefaultAsync(c => c.Id == caseId, ct);
        var first = found?.Markings.FirstOrDefault(m => m.Role == MarkingRole.First && m.Status == MarkingStatus.Submitted);
        var second = found?.Markings.FirstOrDefault(m => m.Role == MarkingRole.Second && m.Status == MarkingStatus.Submitted);
        if (found is not { Status: CaseStatus.InModeration } || first is null || second is null)
        {
            return false;
        }

        (Case, First, Second) = (found, first, second);
        Rubric = await rubrics.ForVersionAsync(found.FrameworkVersionId, ct);
        return true;
    }
}
