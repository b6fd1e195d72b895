using Accreditation.Core.Forms;
using Accreditation.Core.Data;
using Accreditation.Marking.Data;
using Accreditation.Marking.Decisions;
using Accreditation.Marking.Rubrics;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Marking.Pages.Admin.Marking;

/// <summary>Changes a programme's decision rule: every change is a new version; decisions keep the version they were made under.</summary>
[Authorize(Policy = Permissions.ManageRulesPolicy)]
public sealed class RuleModel(IProgrammeDirectory programmes, DecisionRules rules, RubricCatalog rubrics, AwardComponents components, AccreditationDbContext db) : PageModel
{
    /// <summary>The components a rule can require beside the portfolio on this site.</summary>
    public IReadOnlyList<(string Key, string Name)> Available => components.Available;

    /// <summary>A component's name by key.</summary>
    public string NameOf(string key) => components.NameOf(key);

    /// <summary>The components required beside the portfolio (keys).</summary>
    [BindProperty]
    public List<string> Components { get; set; } = [];

    /// <summary>The programme.</summary>
    public ProgrammeSummary Programme { get; private set; } = null!;

    /// <summary>Level names.</summary>
    public IReadOnlyList<string> Levels { get; private set; } = [];

    /// <summary>Earlier versions.</summary>
    public IReadOnlyList<DecisionRule> History { get; private set; } = [];

    /// <summary>Lowest level every statement must reach.</summary>
    [BindProperty]
    public int MinimumLevel { get; set; }

    /// <summary>Statements allowed below it.</summary>
    [BindProperty]
    public int StatementsAllowedBelow { get; set; }

    /// <summary>Second-marking sample, percent.</summary>
    [BindProperty]
    public int SamplePercent { get; set; }

    /// <summary>Tolerance in levels.</summary>
    [BindProperty]
    public int Tolerance { get; set; }

    /// <summary>Review period in days.</summary>
    [BindProperty]
    public int AppealDays { get; set; }

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync(Guid programmeId, CancellationToken ct)
    {
        if (!await LoadAsync(programmeId, ct))
        {
            return NotFound();
        }

        var current = await rules.CurrentAsync(programmeId, ct);
        (MinimumLevel, StatementsAllowedBelow, SamplePercent, Tolerance, AppealDays) = (current.MinimumLevel, current.StatementsAllowedBelow, current.SamplePercent, current.Tolerance, current.AppealDays);
        Components = current.ComponentKeys().ToList();
        return Page();
    }

    /// <summary>Saves a new version.</summary>
    public async Task<IActionResult> OnPostAsync(Guid programmeId, CancellationToken ct)
    {
        if (!await LoadAsync(programmeId, ct))
        {
            return NotFound();
        }

        var input = new DecisionRuleInput(MinimumLevel, StatementsAllowedBelow, SamplePercent, Tolerance, AppealDays, Components);
        new DecisionRuleInputValidator(Levels.Count, Available.Select(a => a.Key).ToList()).Validate(input).ToFormErrors().AddTo(ModelState);

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await rules.AddVersionAsync(programmeId, input, User.UserId(), ct);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"The decision rule of {Programme.Name} was changed.";
        return RedirectToPage("/Admin/Marking/Index");
    }

    private async Task<bool> LoadAsync(Guid programmeId, CancellationToken ct)
    {
        var programme = await programmes.FindAsync(programmeId, ct);
        if (programme is null)
        {
            return false;
        }

        Programme = programme;
        Levels = (await rubrics.ForVersionAsync(programme.FrameworkVersionId, ct)).Levels;
        History = await rules.HistoryAsync(programmeId, ct);
        return true;
    }
}
