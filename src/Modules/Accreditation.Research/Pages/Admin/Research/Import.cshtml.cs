using Accreditation.Core.Data;
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
public sealed class ImportModel(LibraryImporter importer, DatabaseSettings settings, TimeProvider clock) : PageModel
{
    /// <summary>The uploaded files.</summary>
    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    /// <summary>The upload being previewed (names a folder under App_Data/imports).</summary>
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
        if (Files.Count == 0)
        {
            ModelState.AddModelError(nameof(Files), "Select a RIS, CSV, PDF or Word file to import");
            return Page();
        }

        if (Files.Count > 50)
        {
            ModelState.AddModelError(nameof(Files), "Select 50 files or fewer at a time");
            return Page();
        }

        Upload = Guid.NewGuid().ToString("N");
        var folder = Folder(Upload);
        Directory.CreateDirectory(folder);
        await System.IO.File.WriteAllTextAsync(Path.Combine(folder, ImportUploads.UploadedAtFile), clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture), ct);
        var files = new List<(string, byte[])>();
        for (var i = 0; i < Files.Count; i++)
        {
            using var memory = new MemoryStream();
            await Files[i].CopyToAsync(memory, ct);
            var name = Path.GetFileName(Files[i].FileName);
            files.Add((name, memory.ToArray()));
            await System.IO.File.WriteAllBytesAsync(Path.Combine(folder, $"{i:D3}"), memory.ToArray(), ct);
            await System.IO.File.WriteAllTextAsync(Path.Combine(folder, $"{i:D3}.name"), name, ct);
        }

        Plan = await importer.PreviewAsync(files, ct);
        return Page();
    }

    /// <summary>Imports the previewed files, all or nothing.</summary>
    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (Upload is null || !Guid.TryParseExact(Upload, "N", out _) || !Directory.Exists(Folder(Upload)))
        {
            ModelState.AddModelError(nameof(Files), "The upload has expired. Select the files again");
            return Page();
        }

        var folder = Folder(Upload);
        var files = Directory.GetFiles(folder).Where(f => !f.EndsWith(".name", StringComparison.Ordinal) && Path.GetFileName(f) != ImportUploads.UploadedAtFile).Order(StringComparer.Ordinal)
            .Select(f => (System.IO.File.ReadAllText(f + ".name"), System.IO.File.ReadAllBytes(f)))
            .ToList();
        Plan = await importer.PreviewAsync(files, ct);
        if (!await importer.ImportAsync(Plan, ct))
        {
            ModelState.AddModelError(nameof(Files), "Nothing was imported: correct the rows with problems and upload the files again");
            return Page();
        }

        Directory.Delete(folder, recursive: true);
        TempData["ResearchMessage"] = $"Imported {Plan.CountOf(ImportAction.Create)} new and {Plan.CountOf(ImportAction.Update)} updated items.";
        return RedirectToPage("/Admin/Research/Index");
    }

    private string Folder(string upload) => Path.Combine(ImportUploads.Root(settings), upload);
}
