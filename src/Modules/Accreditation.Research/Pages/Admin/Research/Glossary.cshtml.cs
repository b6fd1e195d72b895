using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Research.Library;
using Accreditation.Research.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Pages.Admin.Research;

/// <summary>The search glossary, one line of equivalent terms each; edits take effect in search at once (no re-index).</summary>
[Authorize(Policy = "Permission:" + Permissions.EditLibrary)]
public sealed class GlossaryModel(AccreditationDbContext db, ResearchLibrary library, GlossarySource glossary, IAuditTrail audit) : PageModel
{
    /// <summary>The lines.</summary>
    [BindProperty]
    public string? Lines { get; set; }

    /// <summary>Shows the glossary.</summary>
    public async Task OnGetAsync(CancellationToken ct) =>
        Lines = string.Join("\n", await db.Set<GlossaryEntry>().AsNoTracking().OrderBy(g => g.Terms).Select(g => g.Terms).ToListAsync(ct));

    /// <summary>Replaces the glossary, or says which lines are wrong.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var lines = (Lines ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var wanted = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var terms = Search.Glossary.Split(lines[i]);
            if (terms.Count < 2)
            {
                ModelState.AddModelError(nameof(Lines), $"Line {i + 1} needs at least two terms separated by commas, like FGC, family group conference");
            }
            else if (lines[i].Length > 1000)
            {
                ModelState.AddModelError(nameof(Lines), $"Line {i + 1} must be 1000 characters or fewer");
            }
            else
            {
                wanted.Add(string.Join(", ", terms));
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var existing = await db.Set<GlossaryEntry>().ToListAsync(ct);
        db.Set<GlossaryEntry>().RemoveRange(existing.Where(e => !wanted.Contains(e.Terms, StringComparer.Ordinal)));
        foreach (var line in wanted.Distinct(StringComparer.Ordinal).Where(l => !existing.Any(e => e.Terms == l)))
        {
            db.Set<GlossaryEntry>().Add(new GlossaryEntry { Id = library.NewId(), Terms = line });
        }

        audit.Add("research.glossary-changed", "ResearchGlossary", null, $"{wanted.Count} lines");
        db.Announce(GlossarySource.Topic);
        await db.SaveChangesAsync(ct);
        glossary.Reset();
        TempData["ResearchMessage"] = "Glossary saved. Searches use it straight away.";
        return RedirectToPage("/Admin/Research/Glossary");
    }
}
