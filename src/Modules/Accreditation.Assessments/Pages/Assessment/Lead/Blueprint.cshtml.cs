using Accreditation.Assessments.Data;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Pages.Assessment.Lead;

/// <summary>Sets a programme's blueprint: items per group, time limit, pass mark, shuffling and resits.</summary>
[Authorize(Policy = Permissions.AuthorPolicy)]
public sealed class BlueprintModel(IEnrolments enrolments, AccreditationDbContext db, IIdSource ids, IAuditTrail audit) : PageModel
{
    /// <summary>The programme.</summary>
    public ProgrammeSummary Programme { get; private set; } = null!;

    /// <summary>Items per group, one "Group = count" per line.</summary>
    [BindProperty]
    public string Rules { get; set; } = "";

    /// <summary>Time limit in minutes.</summary>
    [BindProperty]
    public int? TimeLimitMinutes { get; set; }

    /// <summary>Pass mark, percent.</summary>
    [BindProperty]
    public int? PassMarkPercent { get; set; }

    /// <summary>Shuffle items.</summary>
    [BindProperty]
    public bool ShuffleItems { get; set; }

    /// <summary>Shuffle options.</summary>
    [BindProperty]
    public bool ShuffleOptions { get; set; }

    /// <summary>Most attempts per enrolment.</summary>
    [BindProperty]
    public int? MaxAttempts { get; set; }

    /// <summary>Days before a resit.</summary>
    [BindProperty]
    public int? ResitAfterDays { get; set; }

    /// <summary>The row version read.</summary>
    [BindProperty]
    public uint RowVersion { get; set; }

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync(Guid programmeId, CancellationToken ct)
    {
        if (!await LoadAsync(programmeId, ct))
        {
            return NotFound();
        }

        if (await db.Set<Blueprint>().AsNoTracking().SingleOrDefaultAsync(b => b.ProgrammeId == programmeId, ct) is { } b)
        {
            (Rules, TimeLimitMinutes, PassMarkPercent, ShuffleItems, ShuffleOptions, MaxAttempts, ResitAfterDays, RowVersion) =
                (b.Rules.Replace(";", "\n", StringComparison.Ordinal).Replace("=", " = ", StringComparison.Ordinal), b.TimeLimitMinutes, b.PassMarkPercent, b.ShuffleItems, b.ShuffleOptions, b.MaxAttempts, b.ResitAfterDays, b.Version);
        }
        else
        {
            // A new blueprint starts from the usual settings; unbound values stay empty so a bad entry is reported, not defaulted.
            (TimeLimitMinutes, PassMarkPercent, MaxAttempts, ResitAfterDays, ShuffleItems, ShuffleOptions) = (60, 70, 2, 28, true, true);
        }

        return Page();
    }

    /// <summary>Saves the blueprint.</summary>
    public async Task<IActionResult> OnPostAsync(Guid programmeId, CancellationToken ct)
    {
        if (!await LoadAsync(programmeId, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        var lines = (Rules ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var rules = new List<string>();
        foreach (var line in lines)
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length is 0 or > 100 || parts[0].Contains(';') || !int.TryParse(parts[1], out var count) || count is < 1 or > 500)
            {
                ModelState.AddModelError(nameof(Rules), $"Write each group as \"Group = count\" (1 to 500), e.g. \"General = 18\". \"{line}\" is not.");
                break;
            }

            rules.Add($"{parts[0]}={count}");
        }

        if (lines.Length == 0)
        {
            ModelState.AddModelError(nameof(Rules), "Enter at least one group and its number of items.");
        }

        Check(TimeLimitMinutes, 1, 600, nameof(TimeLimitMinutes), "The time limit must be 1 to 600 minutes.");
        Check(PassMarkPercent, 1, 100, nameof(PassMarkPercent), "The pass mark must be 1 to 100 per cent.");
        Check(MaxAttempts, 1, 10, nameof(MaxAttempts), "Candidates may have 1 to 10 attempts.");
        Check(ResitAfterDays, 0, 730, nameof(ResitAfterDays), "The wait before a resit must be 0 to 730 days.");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var blueprint = await db.Set<Blueprint>().SingleOrDefaultAsync(b => b.ProgrammeId == programmeId, ct);
        if (blueprint is null)
        {
            blueprint = new Blueprint { Id = ids.NewId(), ProgrammeId = programmeId, Rules = "" };
            db.Add(blueprint);
        }
        else
        {
            db.Entry(blueprint).Property(b => b.Version).OriginalValue = RowVersion;
        }

        blueprint.Rules = string.Join(';', rules);
        blueprint.TimeLimitMinutes = TimeLimitMinutes!.Value;
        blueprint.PassMarkPercent = PassMarkPercent!.Value;
        blueprint.ShuffleItems = ShuffleItems;
        blueprint.ShuffleOptions = ShuffleOptions;
        blueprint.MaxAttempts = MaxAttempts!.Value;
        blueprint.ResitAfterDays = ResitAfterDays!.Value;
        audit.Add("assessment.blueprint-saved", "Blueprint", blueprint.Id.ToString(), $"{Programme.Name}: {blueprint.Rules}, {blueprint.TimeLimitMinutes} minutes, pass {blueprint.PassMarkPercent}%");
        await db.SaveChangesAsync(ct);
        return RedirectToPage("/Assessment/Lead/Index");
    }

    private void Check(int? value, int min, int max, string field, string message)
    {
        if (value is null || value < min || value > max)
        {
            ModelState.AddModelError(field, message);
        }
    }

    private async Task<bool> LoadAsync(Guid programmeId, CancellationToken ct)
    {
        var programme = (await enrolments.ProgrammesAsync(ct)).FirstOrDefault(p => p.Id == programmeId);
        Programme = programme!;
        return programme is not null;
    }
}
