using Accreditation.Core.Data;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Admin.Publishing;

/// <summary>Shows one saved version of an item's text.</summary>
[Authorize(Policy = Permissions.PublishPolicy)]
public sealed class VersionModel(AccreditationDbContext db, MarkdownRenderer markdown) : PageModel
{
    /// <summary>The version.</summary>
    public PracticeUpdateVersion Saved { get; private set; } = null!;

    /// <summary>Its body as HTML.</summary>
    public string Html { get; private set; } = "";

    /// <summary>Loads the version; 404 when there is none.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, int number, CancellationToken ct)
    {
        var saved = await db.Set<PracticeUpdateVersion>().AsNoTracking().SingleOrDefaultAsync(v => v.PracticeUpdateId == id && v.Number == number, ct);
        if (saved is null)
        {
            return NotFound();
        }

        Saved = saved;
        Html = markdown.ToHtml(saved.Body);
        return Page();
    }
}
