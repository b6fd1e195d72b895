using Accreditation.Core.Data;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Updates;

/// <summary>One published practice update (or page), if the reader's audience allows it; otherwise not found.</summary>
[AllowAnonymous]
public sealed class ItemModel(AccreditationDbContext db, MarkdownRenderer markdown) : PageModel
{
    /// <summary>The item.</summary>
    public PracticeUpdate Item { get; private set; } = null!;

    /// <summary>Sanitised body.</summary>
    public string Html { get; private set; } = "";

    /// <summary>Shows an update.</summary>
    public Task<IActionResult> OnGetAsync(string slug, CancellationToken ct) => ShowAsync(PublicationKind.Update, slug, ct);

    /// <summary>Shows the published item of a kind and slug the reader may read.</summary>
    public async Task<IActionResult> ShowAsync(PublicationKind kind, string slug, CancellationToken ct)
    {
        var item = await db.Set<PracticeUpdate>().AsNoTracking()
            .SingleOrDefaultAsync(u => u.Kind == kind && u.Slug == slug && u.Status == PublicationStatus.Published, ct);
        if (item is null || !Reader.From(User).MayRead(item))
        {
            // Not found rather than forbidden: an item's existence is not shown outside its audience.
            return NotFound();
        }

        Item = item;
        Html = markdown.ToHtml(item.Body);
        return Page();
    }
}
