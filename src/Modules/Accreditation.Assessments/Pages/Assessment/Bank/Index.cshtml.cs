using System.Security.Claims;
using System.Text;
using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Assessments.Pages.Assessment.Bank;

/// <summary>The question bank: every item's newest version, import (JSON or CSV, all or nothing) and export.</summary>
[Authorize(Policy = Permissions.AuthorPolicy)]
public sealed class IndexModel(QuestionBank bank) : PageModel
{
    /// <summary>Largest import file.</summary>
    public const int MaxImportBytes = 5 * 1024 * 1024;

    /// <summary>The items.</summary>
    public IReadOnlyList<QuestionItem> Items { get; private set; } = [];

    /// <summary>Problems with the file imported, by row.</summary>
    public IReadOnlyList<RowError> ImportErrors { get; private set; } = [];

    /// <summary>What the last import did.</summary>
    [TempData]
    public string? Done { get; set; }

    /// <summary>The file to import.</summary>
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>Shows the bank.</summary>
    public async Task OnGetAsync(CancellationToken ct) => Items = await bank.LatestAsync(ct);

    /// <summary>Downloads the bank as JSON.</summary>
    public async Task<IActionResult> OnGetJsonAsync(CancellationToken ct) =>
        File(Encoding.UTF8.GetBytes(await bank.ExportJsonAsync(ct)), "application/json", "question-bank.json");

    /// <summary>Downloads the bank as CSV.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(await bank.ExportCsvAsync(ct))).ToArray(), "text/csv", "question-bank.csv");

    /// <summary>Imports a JSON or CSV file: every row is checked, and one bad row imports nothing.</summary>
    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (Upload is null || Upload.Length == 0)
        {
            return await RefuseAsync("Choose a JSON or CSV file of items.", ct);
        }

        if (Upload.Length > MaxImportBytes)
        {
            return await RefuseAsync("The file must be 5 MB or smaller.", ct);
        }

        string text;
        using (var reader = new StreamReader(Upload.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            text = await reader.ReadToEndAsync(ct);
        }

        IReadOnlyList<ItemDraft> drafts;
        var readErrors = new List<RowError>();
        if (Upload.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith('['))
        {
            var (parsed, error) = QuestionBank.ReadJson(text);
            if (parsed is null)
            {
                return await RefuseAsync(error!, ct);
            }

            drafts = parsed;
        }
        else
        {
            var (parsed, errors) = QuestionBank.ReadCsv(text);
            drafts = parsed;
            readErrors.AddRange(errors);
        }

        if (drafts.Count == 0 && readErrors.Count == 0)
        {
            return await RefuseAsync("The file has no items.", ct);
        }

        var result = readErrors.Count > 0 ? new BankResult(readErrors) : await bank.SaveAllAsync(drafts, User.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
        if (!result.Succeeded)
        {
            ImportErrors = result.Errors;
            return await RefuseAsync($"Nothing was imported: {result.Errors.Count} problem{(result.Errors.Count == 1 ? "" : "s")} to fix first.", ct);
        }

        Done = $"Imported: {result.Created} new, {result.NewVersions} new versions, {result.Updated} updated, {result.Unchanged} unchanged.";
        return RedirectToPage();
    }

    private async Task<IActionResult> RefuseAsync(string message, CancellationToken ct)
    {
        ModelState.AddModelError(nameof(Upload), message);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        Items = await bank.LatestAsync(ct);
        return Page();
    }
}
