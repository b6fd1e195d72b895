using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Forms;
using Accreditation.Marking.Data;
using Accreditation.Marking.Work;
using Accreditation.Portfolios.Evidence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Pages.Marking;

/// <summary>
/// Marks one portfolio, blind: the evidence for each statement beside the statement's rubric, a grade and comment per
/// statement, an overall comment; autosave, save and submit. A save from a stale form answers 409 and keeps what the
/// marker typed in the form, beside the version someone else saved.
/// </summary>
[Authorize(Policy = Permissions.MarkPolicy)]
public sealed class CaseModel(MarkingWork work, AccreditationDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>The opened marking.</summary>
    public OpenMarking Open { get; private set; } = null!;

    /// <summary>The row version the form was loaded with.</summary>
    [BindProperty]
    public uint RowVersion { get; set; }

    /// <summary>Grades and comments, one per statement.</summary>
    [BindProperty]
    public List<CaseFields> Marks { get; set; } = [];

    /// <summary>The overall comment.</summary>
    [BindProperty]
    public string? OverallComment { get; set; }

    /// <summary>After a conflict: what is saved now (someone else's save), shown beside the marker's own text.</summary>
    public AssessorMarking? Saved { get; private set; }

    /// <summary>Whether the marking can still be changed.</summary>
    public bool Editable => Open.Marking.Status == MarkingStatus.InProgress;

    /// <summary>Shows the marking.</summary>
    public async Task<IActionResult> OnGetAsync(Guid caseId, CancellationToken ct)
    {
        if (!await LoadAsync(caseId, ct))
        {
            return NotFound();
        }

        Fill();
        return Page();
    }

    /// <summary>Saves a draft (the Save button).</summary>
    public Task<IActionResult> OnPostAsync(Guid caseId, CancellationToken ct) => SaveAsync(caseId, submit: false, ct);

    /// <summary>Submits the marks.</summary>
    public Task<IActionResult> OnPostSubmitAsync(Guid caseId, CancellationToken ct) => SaveAsync(caseId, submit: true, ct);

    /// <summary>The autosave script's save: JSON with the new row version; 409 with the message (and the text it could not save) on a conflict.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(Guid caseId, CancellationToken ct)
    {
        if (!await LoadAsync(caseId, ct))
        {
            return NotFound();
        }

        var result = await work.SaveAsync(Open.Marking.Id, RowVersion, Inputs(), OverallComment, submit: false, Open.Rubric.Levels.Count, ct);
        if (result.Succeeded)
        {
            return new JsonResult(new { version = result.Version, message = $"Draft saved at {UkCalendar.Local(clock.GetUtcNow()):HH:mm:ss}" });
        }

        return new JsonResult(new
        {
            message = result.Errors[0].Message,
            unsaved = new { overallComment = OverallComment, marks = Marks.Select(m => new { m.StatementNumber, m.Level, m.Comment }) },
        })
        {
            StatusCode = result.IsConflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
        };
    }

    private async Task<IActionResult> SaveAsync(Guid caseId, bool submit, CancellationToken ct)
    {
        if (!await LoadAsync(caseId, ct))
        {
            return NotFound();
        }

        var result = await work.SaveAsync(Open.Marking.Id, RowVersion, Inputs(), OverallComment, submit, Open.Rubric.Levels.Count, ct);
        if (result.Succeeded)
        {
            TempData["Message"] = submit ? $"Your marks for {Open.Case.CandidateNumber} were submitted." : "Your marks were saved.";
            return submit ? RedirectToPage("/Marking/Index") : RedirectToPage("/Marking/Case", new { caseId });
        }

        result.Errors.AddTo(ModelState);

        ModelState.Remove(nameof(RowVersion));
        if (result.IsConflict)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            Saved = await db.Set<AssessorMarking>().AsNoTracking().Include(m => m.Marks).SingleAsync(m => m.Id == Open.Marking.Id, ct);
        }

        // The form keeps what the marker typed; the row version moves on so their next save goes through.
        RowVersion = result.Version;
        Open = await work.OpenAsync(caseId, User.UserId(), ct) ?? Open;
        return Page();
    }

    private List<MarkInput> Inputs() => Marks.Select(m => new MarkInput(m.StatementNumber, m.Level, m.Comment)).ToList();

    private async Task<bool> LoadAsync(Guid caseId, CancellationToken ct)
    {
        var open = await work.OpenAsync(caseId, User.UserId(), ct);
        if (open is null)
        {
            return false;
        }

        Open = open;
        return true;
    }

    private void Fill()
    {
        RowVersion = Open.Marking.Version;
        OverallComment = Open.Marking.OverallComment;
        Marks = Open.Marking.Marks.OrderBy(m => m.StatementNumber)
            .Select(m => new CaseFields { StatementNumber = m.StatementNumber, Level = m.Level, Comment = m.Comment }).ToList();
    }

    /// <summary>The field of a statement (after a failed post, what was posted).</summary>
    public (int Index, CaseFields Field) FieldFor(int number)
    {
        var index = Marks.FindIndex(m => m.StatementNumber == number);
        return index >= 0 ? (index, Marks[index]) : (Marks.Count, new CaseFields { StatementNumber = number });
    }
}
