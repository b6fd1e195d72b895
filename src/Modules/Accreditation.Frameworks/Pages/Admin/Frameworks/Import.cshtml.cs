using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Frameworks.Documents;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Frameworks.Pages.Admin.Frameworks;

/// <summary>
/// Imports one framework version from an uploaded JSON file. The content is checked (text, JSON, members, rules),
/// not the file name; every problem is listed with its JSON path, and nothing is stored unless all of it is right.
/// </summary>
[Authorize(Policy = Permissions.ManageFrameworksPolicy)]
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes, ValueCountLimit = 20)]
public sealed class ImportModel(AccreditationDbContext db, FrameworkImport import, IAuditTrail audit) : PageModel
{
    /// <summary>The largest file accepted, in kilobytes.</summary>
    public const int MaxFileKilobytes = 512;

    // Leaves room above the largest file for the form's other parts, so a file slightly too big gets a message, not a refused request.
    private const int MaxRequestBytes = 2 * 1024 * 1024;

    /// <summary>The uploaded file.</summary>
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The outcome, shown on the version's page.</summary>
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
            return Refuse(Upload is null ? "Select a JSON file" : "The selected file is empty");
        }

        if (Upload.Length > MaxFileKilobytes * 1024)
        {
            return Refuse($"The selected file must be smaller than {MaxFileKilobytes} KB");
        }

        var content = new byte[Upload.Length];
        await using (var stream = Upload.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }

        var read = FrameworkDocumentReader.Read(content);
        if (!read.Succeeded)
        {
            return Refuse(read.Errors);
        }

        var document = read.Document!;
        var result = await import.ApplyAsync(document, "$", ct);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            return Refuse(result.Errors);
        }

        if (result.Outcome == ImportOutcome.Unchanged)
        {
            Message = $"Version {document.Version} of {document.Name} is already here with the same content, so nothing changed.";
            return RedirectToPage("/Admin/Frameworks/Version", new { key = document.Key, number = document.Version });
        }

        audit.Add("framework.imported", "FrameworkVersion", result.Version!.Id.ToString(),
            $"{document.Key} version {document.Version}, {document.Statements.Count} statements, {(document.Published is null ? "draft" : "published")}, from {Path.GetFileName(Upload.FileName)}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another admin imported a version of this framework at the same moment; the unique indexes refused this one.
            db.ChangeTracker.Clear();
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Refuse($"Someone else added a version of '{document.Key}' at the same time, so nothing was imported. Check the frameworks list and try again");
        }

        Message = $"Imported version {document.Version} of {document.Name} with {document.Statements.Count} statements.";
        return RedirectToPage("/Admin/Frameworks/Version", new { key = document.Key, number = document.Version });
    }

    private PageResult Refuse(string message)
    {
        ModelState.AddModelError(nameof(Upload), message);
        return Page();
    }

    private PageResult Refuse(IEnumerable<DocumentError> errors)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError(nameof(Upload), error.Path == "$" ? error.Message : $"{error.Path}: {error.Message}");
        }

        return Page();
    }
}
