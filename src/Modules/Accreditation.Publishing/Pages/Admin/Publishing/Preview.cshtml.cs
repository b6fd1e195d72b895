using Accreditation.Core.Data;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Admin.Publishing;

/// <summary>Shows an item of any status exactly as its readers will see it, through the same view and partials as the published page.</summary>
[Authorize(Policy = Permissions.AreaPolicy)]
public sealed class PreviewModel(AccreditationDbContext db, PageViews views) : PageModel
{
    /// <summary>What the page shows.</summary>
    public PageView View { get; private set; } = null!;

    /// <summary>Renders the preview.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var item = await db.Set<PracticeUpdate>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (item is null)
        {
            return NotFound();
        }

        if (item.Kind == PublicationKind.Update)
        {
            item.PublishedAt ??= item.UpdatedAt;
        }

        // Breadcrumbs and child pages as a reader in the item's audience sees them: everyone for a public page.
        View = await views.BuildAsync(item, Reader.From(User), ct);
        return Page();
    }
}
