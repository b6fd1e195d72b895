using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Records;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Cpd.Pages.Cpd;

/// <summary>
/// Records a new piece of CPD (/cpd/records/new) or edits one of the person's own, including drafts made by "Record as
/// CPD". A text that repeats another record is flagged before saving, naming the other record; the person may still
/// save after confirming. A save from a stale form answers 409 and keeps what the person typed.
/// </summary>
public sealed class EditModel(CpdRecords records, StatementOptions statements, AccreditationDbContext db, TimeProvider clock) : CpdPageModel(clock)
{
    /// <summary>The form.</summary>
    [BindProperty]
    public CpdInput Input { get; set; } = new();

    /// <summary>The row version the form was loaded with.</summary>
    [BindProperty]
    public uint RowVersion { get; set; }

    /// <summary>The record being edited, or null for a new one.</summary>
    public CpdRecord? Record { get; private set; }

    /// <summary>Statements to choose from.</summary>
    public IReadOnlyList<StatementOption> Statements { get; private set; } = [];

    /// <summary>Records found to repeat this one (the form then offers "Save anyway").</summary>
    public IReadOnlyList<DuplicateMatch> Duplicates { get; private set; } = [];

    /// <summary>Whether the save was refused because the record changed meanwhile.</summary>
    public bool Conflict { get; private set; }

    /// <summary>Where the form posts.</summary>
    public string? Action => Record is null ? Url.Page("/Cpd/New") : Url.Page("/Cpd/Edit", new { id = Record.Id });

    /// <summary>Shows an empty form (dated today) or the record.</summary>
    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Record is null)
        {
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            Input = new CpdInput { DateDay = Today.Day.ToString(culture), DateMonth = Today.Month.ToString(culture), DateYear = Today.Year.ToString(culture) };
        }
        else
        {
            Input = CpdInput.From(Record);
            RowVersion = Record.Version;
        }

        return Page();
    }

    /// <summary>Saves, or shows what to correct, the duplicate warning or the conflict.</summary>
    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        var result = await records.SaveAsync(PersonId, Record?.Id, RowVersion, Input, ct);
        if (result.Succeeded)
        {
            TempData["Message"] = $"Saved: {Input.Title?.Trim()}";
            // /cpd shows this year only: a record dated in another year is said to be there, or it seems lost.
            var date = await db.Set<CpdRecord>().Where(r => r.Id == result.RecordId).Select(r => r.Date).SingleAsync(ct);
            if (!CurrentYear.Contains(date))
            {
                TempData[nameof(IndexModel.SavedInYear)] = RegistrationYear.Of(date).Label;
                TempData[nameof(IndexModel.SavedOn)] = date.DayNumber;
            }

            return RedirectToPage("/Cpd/Index");
        }

        result.Errors.AddTo(ModelState, nameof(Input));

        Duplicates = result.Duplicates;
        if (result.IsConflict && Record is not null)
        {
            Conflict = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            RowVersion = await db.Set<CpdRecord>().Where(r => r.Id == Record.Id).Select(r => r.Version).SingleAsync(ct);
        }

        return Page();
    }

    private async Task<bool> LoadAsync(Guid? id, CancellationToken ct)
    {
        Statements = await statements.AllAsync(ct);
        if (id is null)
        {
            return true;
        }

        Record = await records.FindOwnAsync(PersonId, id.Value, ct);
        return Record is not null;
    }
}
