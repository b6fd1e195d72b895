using System.Security.Claims;
using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Assessments.Pages.Assessment.Bank;

/// <summary>Writes, reviews into use or retires one item (a used version is kept and a new one made).</summary>
[Authorize(Policy = Permissions.AuthorPolicy)]
public sealed class ItemModel(QuestionBank bank) : PageModel
{
    /// <summary>The item's newest version when editing.</summary>
    public QuestionItem? Existing { get; private set; }

    /// <summary>Key.</summary>
    [BindProperty]
    public string? Key { get; set; }

    /// <summary>Single or Multiple.</summary>
    [BindProperty]
    public string Kind { get; set; } = "Single";

    /// <summary>Statement group.</summary>
    [BindProperty]
    public string? Group { get; set; }

    /// <summary>Statement numbers, comma separated.</summary>
    [BindProperty]
    public string? Statements { get; set; }

    /// <summary>Scenario key.</summary>
    [BindProperty]
    public string? Scenario { get; set; }

    /// <summary>Scenario text.</summary>
    [BindProperty]
    public string? ScenarioText { get; set; }

    /// <summary>The question.</summary>
    [BindProperty]
    public string? Stem { get; set; }

    /// <summary>Options, one per line.</summary>
    [BindProperty]
    public string? Options { get; set; }

    /// <summary>Correct option numbers from 1, comma separated.</summary>
    [BindProperty]
    public string? Correct { get; set; }

    /// <summary>Partial credit.</summary>
    [BindProperty]
    public bool PartialCredit { get; set; }

    /// <summary>Rationale for the key.</summary>
    [BindProperty]
    public string? Rationale { get; set; }

    /// <summary>Status.</summary>
    [BindProperty]
    public string Status { get; set; } = "Draft";

    /// <summary>What the save did.</summary>
    [TempData]
    public string? Done { get; set; }

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync(string? key, CancellationToken ct)
    {
        if (key is not null)
        {
            Existing = (await bank.LatestAsync(ct)).FirstOrDefault(i => i.Key == key);
            if (Existing is null)
            {
                return NotFound();
            }

            var d = ItemDraft.From(Existing);
            (Key, Kind, Group, Statements, Scenario, ScenarioText, Stem, Options, Correct, PartialCredit, Rationale, Status) =
                (d.Key, d.Kind, d.Group, string.Join(", ", d.Statements), d.Scenario, d.ScenarioText, d.Stem, string.Join('\n', d.Options), string.Join(", ", d.Correct), d.PartialCredit, d.Rationale, d.Status);
        }

        return Page();
    }

    /// <summary>Saves the item.</summary>
    public async Task<IActionResult> OnPostAsync(string? key, CancellationToken ct)
    {
        ModelState.Clear();
        if (key is not null)
        {
            Key = key;
            Existing = (await bank.LatestAsync(ct)).FirstOrDefault(i => i.Key == key);
        }

        var statements = Numbers(Statements, nameof(Statements), "Statements must be numbers separated by commas.");
        var correct = Numbers(Correct, nameof(Correct), "The correct answers must be option numbers separated by commas.");
        if (ModelState.IsValid)
        {
            var draft = new ItemDraft(Key?.Trim() ?? "", Kind, Group ?? "", statements, Scenario, ScenarioText, Stem ?? "",
                (Options ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), correct, PartialCredit, Rationale, Status);
            var result = await bank.SaveAllAsync([draft], User.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
            if (result.Succeeded)
            {
                Done = result.NewVersions > 0 ? $"{draft.Key}: a new version was made, because the last one was used in a sitting." : $"{draft.Key} saved.";
                return RedirectToPage("/Assessment/Bank/Index");
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("", error.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private List<int> Numbers(string? text, string field, string message)
    {
        var numbers = new List<int>();
        foreach (var part in (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, out var n))
            {
                numbers.Add(n);
            }
            else
            {
                ModelState.AddModelError(field, message);
                break;
            }
        }

        return numbers;
    }
}
