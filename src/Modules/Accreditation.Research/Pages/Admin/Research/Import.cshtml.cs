using Accreditation.Core.Files;
using Accreditation.Core.Forms;
using Accreditation.Research.Imports;
using Accreditation.Research.Indexing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Research.Pages.Admin.Research;

/// <summary>
/// Imports RIS, CSV, PDF and Word files: upload, preview what will be created or updated with each row's problems
/// and line number, then import everything in one go (or nothing, while any row has a problem).
/// </summary>
[Authorize(Policy = "Permission:" + Permissions.EditLibrary)]
[RequestSizeLimit(60 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 60 * 1024 * 1024)]
public sealed class ImportModel(LibraryImporter importer, ImportUploads uploads, TimeProvider clock) : PageModel
{
    /// <summary>What the page says when the previewed files are no longer in the file store.</summary>
    public const string UploadNotAvailable = "The files you previewed are not available any more: uploads are kept for a day. Select the files again and preview them";

    /// <summary>The uploaded files.</summary>
    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    /// <summary>The upload being previewed (names its files in the file store's "imports" area).</summary>
    [BindProperty]
    public string? Upload { get; set; }

    /// <summary>The preview.</summary>
    public ImportPlan? Plan { get; private set; }

    /// <summary>Shows the upload form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Reads the files and shows the preview.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (ImportSelectionValidator.Instance.Validate(new ImportSelection(Files)).ToFormErrors() is { Count: > 0 } problems)
        {
            problems.AddTo(ModelState);
            return Page();
        }

        Upload = Guid.NewGuid().ToString("N");
        var files = new List<(string, byte[])>();
        foreach (var file in Files)
        {
            using var memory = new MemoryStream();
            await file.CopyToAsync(memory, ct);
            files.Add((Path.GetFileName(file.FileName), memory.ToArray()));
        }

        // Kept in the file store, not this node's disk: the import may be posted to another node.
        await uploads.SaveAsync(Upload, clock.GetUtcNow(), files, ct);
        Plan = await importer.PreviewAsync(files, ct);
        return Page();
    }

    /// <summary>Imports the previewed files, all or nothing.</summary>
    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (ImportUploadValidator.Instance.Validate(new ImportUpload(Upload)).ToFormErrors() is { Count: > 0 } problems)
        {
            problems.AddTo(ModelState);
            return Page();
        }

        if (await uploads.ReadAsync(Upload!, ct) is not { } files)
        {
            // Expired (kept a day), or not in the file store this node reads: either way the files must be given again.
            MissingFile.Log(HttpContext, uploads.Area, Upload + "/");
            Response.StatusCode = MissingFile.Status;
            ModelState.AddModelError(nameof(Files), UploadNotAvailable);
            return Page();
        }

        Plan = await importer.PreviewAsync(files, ct);
        if (!await importer.ImportAsync(Plan, ct))
        {
            ModelState.AddModelError(nameof(Files), "Nothing was imported: correct the rows with problems and upload the files again");
            return Page();
        }

        uploads.DeleteAll(Upload + "/");
        TempData["ResearchMessage"] = $"Imported {Plan.CountOf(ImportAction.Create)} new and {Plan.CountOf(ImportAction.Update)} updated items.";
        return RedirectToPage("/Admin/Research/Index");
    }
}
