using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Identity.Organisations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Pages.Admin.Organisations;

/// <summary>
/// Imports organisations from an uploaded CSV file. The content is checked, not the file name; every bad line is
/// listed with its number, and nothing is stored unless every line is right. Organisations already here are updated
/// by code, never duplicated.
/// </summary>
[Authorize(Policy = Permissions.ManageOrganisationsPolicy)]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes, ValueCountLimit = 20)]
public sealed class ImportModel(AccreditationDbContext db, OrganisationImport import, IAuditTrail audit) : PageModel
{
    /// <summary>The largest file accepted, in kilobytes.</summary>
    public const int MaxFileKilobytes = 512;

    /// <summary>The most problems listed; a file with more is probably not a file of organisations at all.</summary>
    public const int MaxErrorsShown = 50;

    // Room above the largest file for the form's other parts, so a file slightly too big gets a message, not a refused request.
    private const int MaxRequestBytes = 2 * 1024 * 1024;

    /// <summary>The uploaded file.</summary>
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The outcome, shown on the list.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Imports the file, or lists what is wrong with it.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            return Refuse([Upload is null ? "Select a CSV file" : "The selected file is empty"]);
        }

        if (Upload.Length > MaxFileKilobytes * 1024)
        {
            return Refuse([$"The selected file must be smaller than {MaxFileKilobytes} KB"]);
        }

        var content = new byte[Upload.Length];
        await using (var stream = Upload.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }

        var read = OrganisationCsv.Read(content);
        if (!read.Succeeded)
        {
            return Refuse(read.Errors);
        }

        var counts = await import.ApplyAsync(read.Rows.Select(r => r.Details).ToList(), $"import of {Path.GetFileName(Upload.FileName)}", ct);
        audit.Add("organisations.imported", "Organisation", null,
            $"{read.Rows.Count} lines from {Path.GetFileName(Upload.FileName)}: {counts.Added} added, {counts.Updated} updated, {counts.Unchanged} unchanged");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another admin added or changed some of these organisations at the same moment.
            db.ChangeTracker.Clear();
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Refuse(["Someone else changed some of these organisations at the same time, so nothing was imported. Check the list of organisations and import the file again"]);
        }

        Message = $"Imported {read.Rows.Count} organisations: {counts.Added} added, {counts.Updated} updated, {counts.Unchanged} already up to date.";
        return RedirectToPage("/Admin/Organisations/Index");
    }

    private PageResult Refuse(IReadOnlyList<string> errors)
    {
        foreach (var error in errors.Take(MaxErrorsShown))
        {
            ModelState.AddModelError(nameof(Upload), error);
        }

        if (errors.Count > MaxErrorsShown)
        {
            ModelState.AddModelError(nameof(Upload), $"And {errors.Count - MaxErrorsShown} more problems. Check the file is a list of organisations.");
        }

        return Page();
    }
}
