using Accreditation.Core.Data;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.ContentPages;

/// <summary>
/// A published page at /pages/{slug} (about, guidance, privacy notice, accessibility statement and the pages editors
/// add), with breadcrumbs, a contents list when it is long and the pages in its section. An address a page had before
/// its slug changed redirects permanently to where it is now. A page whose body holds the placeholder
/// {{ retention-schedule }} shows the retention schedule in force there.
/// </summary>
[AllowAnonymous]
public sealed class ContentPageModel(AccreditationDbContext db, PageViews views) : PageModel
{
    /// <summary>What the page shows.</summary>
    public PageView View { get; private set; } = null!;

    /// <summary>Shows the page, redirects an old address, or answers 404.</summary>
    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var reader = Reader.From(User);
        var item = await db.Set<PracticeUpdate>().AsNoTracking()
            .SingleOrDefaultAsync(u => u.Kind == PublicationKind.Page && u.Slug == slug && u.Status == PublicationStatus.Published, ct);
        if (item is null)
        {
            var moved = await (from r in db.Set<PageRedirect>().AsNoTracking()
                               join u in db.Set<PracticeUpdate>().AsNoTracking() on r.PracticeUpdateId equals u.Id
                               where r.OldSlug == slug && u.Status == PublicationStatus.Published
                               select u).SingleOrDefaultAsync(ct);
            return moved is not null && reader.MayRead(moved) ? RedirectPermanent($"/pages/{moved.Slug}") : NotFound();
        }

        if (!reader.MayRead(item))
        {
            // Not found rather than forbidden: a page's existence is not shown outside its audience.
            return NotFound();
        }

        View = await views.BuildAsync(item, reader, ct);
        return Page();
    }
}
