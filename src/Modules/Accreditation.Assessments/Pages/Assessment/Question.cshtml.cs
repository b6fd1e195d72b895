using Accreditation.Assessments.Data;
using Accreditation.Assessments.Scoring;
using Accreditation.Assessments.Sittings;
using Accreditation.Core.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Pages.Assessment;

/// <summary>
/// One question of a sitting. The script saves each change at once; without it, the buttons post the answer and move on.
/// Nothing here carries the key or the authored order: options go out as text with this sitting's token for each.
/// </summary>
[Authorize(Policy = Permissions.SitPolicy)]
public sealed class QuestionModel(AccreditationDbContext db, SittingService sittings, TimeProvider clock) : CandidatePage
{
    /// <summary>An option as shown: the sitting's token for it (its form value) and its text.</summary>
    public sealed record ShownOption(string Value, string Text);

    /// <summary>The sitting.</summary>
    public Sitting Sitting { get; private set; } = null!;

    /// <summary>This question's position.</summary>
    public int Position { get; private set; }

    /// <summary>How many questions there are.</summary>
    public int Count { get; private set; }

    /// <summary>Single or multiple answer.</summary>
    public ItemKind Kind { get; private set; }

    /// <summary>The case scenario, if the question belongs to one.</summary>
    public string? Scenario { get; private set; }

    /// <summary>The question.</summary>
    public string Stem { get; private set; } = "";

    /// <summary>The options in the candidate's order.</summary>
    public IReadOnlyList<ShownOption> Options { get; private set; } = [];

    /// <summary>The values of the options chosen so far.</summary>
    public IReadOnlySet<string> Chosen { get; private set; } = new HashSet<string>();

    /// <summary>Seconds left by the server's clock.</summary>
    public long SecondsLeft { get; private set; }

    /// <summary>The choices posted.</summary>
    [BindProperty]
    public string[] Choices { get; set; } = [];

    /// <summary>Shows the question.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, int position, CancellationToken ct)
    {
        var sitting = await sittings.ForCandidateAsync(id, UserId, ct);
        if (sitting is null)
        {
            return NotFound();
        }

        if (sitting.Status != SittingStatus.Active)
        {
            return RedirectToPage("/Assessment/Submitted", new { id });
        }

        if (!await LoadAsync(sitting, position, ct))
        {
            return NotFound();
        }

        await sittings.MarkShownAsync(id, position, ct);
        return Page();
    }

    /// <summary>Saves the answer (a form post, for browsers without the script) and moves to the next, previous or review page.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, int position, string? go, CancellationToken ct)
    {
        var result = await sittings.SaveAsync(id, UserId, position, Choices, null, ct);
        switch (result.Outcome)
        {
            case SaveOutcome.NotFound:
                return NotFound();
            case SaveOutcome.Closed:
                return RedirectToPage("/Assessment/Submitted", new { id });
            case SaveOutcome.Invalid:
                var sitting = await sittings.ForCandidateAsync(id, UserId, ct);
                await LoadAsync(sitting!, position, ct);
                ModelState.AddModelError(nameof(Choices), result.Message);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
        }

        return go switch
        {
            "previous" when position > 1 => RedirectToPage("/Assessment/Question", new { id, position = position - 1 }),
            "review" => RedirectToPage("/Assessment/Review", new { id }),
            _ => await db.Set<SittingItem>().AnyAsync(i => i.SittingId == id && i.Position == position + 1, ct)
                ? RedirectToPage("/Assessment/Question", new { id, position = position + 1 })
                : RedirectToPage("/Assessment/Review", new { id }),
        };
    }

    private async Task<bool> LoadAsync(Sitting sitting, int position, CancellationToken ct)
    {
        var row = await (from i in db.Set<SittingItem>().AsNoTracking()
                         join q in db.Set<QuestionItem>() on i.ItemId equals q.Id
                         where i.SittingId == sitting.Id && i.Position == position
                         select new { i.OptionOrder, i.OptionTokens, i.Answer, q.Kind, q.ScenarioText, q.Stem, q.Options }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return false;
        }

        Sitting = sitting;
        Position = position;
        Count = await db.Set<SittingItem>().CountAsync(i => i.SittingId == sitting.Id, ct);
        Kind = row.Kind;
        Scenario = row.ScenarioText;
        Stem = row.Stem;
        var texts = row.Options.Split('\n');
        var shown = SittingService.ShownOptions(row.OptionOrder, row.OptionTokens ?? await sittings.TokensAsync(sitting.Id, position, ct));
        Options = shown.Select(o => new ShownOption(o.Token, texts[o.Index])).ToList();
        var answer = ItemScoring.Parse(row.Answer);
        Chosen = shown.Where(o => answer.Contains(o.Index)).Select(o => o.Token).ToHashSet(StringComparer.Ordinal);
        SecondsLeft = Math.Max(0, (long)Math.Floor((sitting.Deadline - clock.GetUtcNow()).TotalSeconds));
        return true;
    }
}
