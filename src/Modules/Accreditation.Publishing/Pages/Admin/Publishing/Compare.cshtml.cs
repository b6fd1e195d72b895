using Accreditation.Core.Data;
using Accreditation.Publishing.Data;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Admin.Publishing;

/// <summary>Compares two saved versions of an item line by line: title, summary and Markdown body.</summary>
[Authorize(Policy = Permissions.AreaPolicy)]
public sealed class CompareModel(AccreditationDbContext db) : PageModel
{
    /// <summary>One line of a comparison: whether it was removed, added or kept, and its text.</summary>
    public sealed record Line(ChangeType Change, string Text);

    /// <summary>The item.</summary>
    public PracticeUpdate Item { get; private set; } = null!;

    /// <summary>Every version, for the choice.</summary>
    public IReadOnlyList<PracticeUpdateVersion> Versions { get; private set; } = [];

    /// <summary>The earlier version compared.</summary>
    [BindProperty(SupportsGet = true)]
    public int From { get; set; }

    /// <summary>The later version compared.</summary>
    [BindProperty(SupportsGet = true)]
    public int To { get; set; }

    /// <summary>Title, summary and body lines, each a field and its lines.</summary>
    public IReadOnlyList<(string Field, IReadOnlyList<Line> Lines)> Fields { get; private set; } = [];

    /// <summary>Loads both versions (the two latest when none are chosen); a version that does not exist is named.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var item = await db.Set<PracticeUpdate>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (item is null)
        {
            return NotFound();
        }

        Item = item;
        Versions = await db.Set<PracticeUpdateVersion>().AsNoTracking().Where(v => v.PracticeUpdateId == id).OrderBy(v => v.Number).ToListAsync(ct);
        if (To == 0)
        {
            To = item.CurrentVersion;
        }

        if (From == 0)
        {
            From = Math.Max(1, To - 1);
        }

        var older = Versions.SingleOrDefault(v => v.Number == From);
        var newer = Versions.SingleOrDefault(v => v.Number == To);
        if (older is null || newer is null)
        {
            ModelState.AddModelError(nameof(From), $"Choose versions from 1 to {item.CurrentVersion}");
            return Page();
        }

        Fields =
        [
            ("Title", Diff(older.Title, newer.Title)),
            ("Summary", Diff(older.Summary, newer.Summary)),
            ("Body", Diff(older.Body, newer.Body)),
        ];
        return Page();
    }

    private static List<Line> Diff(string older, string newer) =>
        InlineDiffBuilder.Diff(older.ReplaceLineEndings("\n"), newer.ReplaceLineEndings("\n"), ignoreWhiteSpace: false)
            .Lines.Where(l => l.Type != ChangeType.Imaginary).Select(l => new Line(l.Type, l.Text ?? "")).ToList();
}
