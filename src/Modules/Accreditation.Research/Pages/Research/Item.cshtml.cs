using System.Security.Claims;
using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;
using Accreditation.Core.Web;
using Accreditation.Research.Library;
using Accreditation.Research.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Pages.Research;

/// <summary>One library item: details, full text and similar items; hidden items answer 404 to people who may not see them.</summary>
[AllowAnonymous]
public sealed class ItemModel(AccreditationDbContext db, IResearchSearch search, IEnumerable<ICpdDrafts> drafts, ModuleState modules, ComposedModules composed) : PageModel
{
    /// <summary>The CPD module's id (it registers <see cref="ICpdDrafts"/>).</summary>
    public const string CpdModuleId = "Accreditation.Cpd";

    /// <summary>The link to the original publication, when it may be rendered as one.</summary>
    public string? LinkHref => Links.Href(Item.Link);

    /// <summary>The item.</summary>
    public ResearchItem Item { get; private set; } = new();

    /// <summary>The full text as safe HTML.</summary>
    public string FullTextHtml { get; private set; } = "";

    /// <summary>Similar items the person may see.</summary>
    public IReadOnlyList<ResearchHit> Similar { get; private set; } = [];

    /// <summary>Whether the page offers "Record as CPD": a signed-in person, a published item and the CPD module on.</summary>
    public bool CanRecordAsCpd => Item.IsPublished && Drafts() is not null;

    /// <summary>Shows the item.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await FindAsync(id, ct))
        {
            return NotFound();
        }

        var item = Item;
        FullTextHtml = ResearchLibrary.FullText.ToHtml(item.FullText);
        Similar = await search.MoreLikeThisAsync(id, User, 5, ct);
        return Page();
    }

    /// <summary>"Record as CPD": creates a draft CPD record from the item and opens it.</summary>
    public async Task<IActionResult> OnPostCpdAsync(Guid id, CancellationToken ct)
    {
        if (!await FindAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanRecordAsCpd || Drafts() is not { } cpd || User.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } personId)
        {
            return NotFound();
        }

        var summary = Item.Abstract.Length > 2000 ? Item.Abstract[..2000] : Item.Abstract;
        var path = await cpd.CreateDraftAsync(personId, new CpdDraftSource(
            Item.Title,
            $"/research/items/{Item.Id}",
            Item.KssStatements,
            "research",
            Item.Id.ToString(),
            summary.Length == 0 ? null : summary), ct);

        // Only ever redirect within the site.
        return path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal)
            ? LocalRedirect(path)
            : RedirectToPage("/Research/Item", new { id = Item.Id });
    }

    private async Task<bool> FindAsync(Guid id, CancellationToken ct)
    {
        var item = await db.Set<ResearchItem>().AsNoTracking().Include(i => i.Topics).Include(i => i.EvidenceLevel).AsSplitQuery()
            .FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null || !ResearchSearch.MaySee(User, item))
        {
            return false;
        }

        Item = item;
        return true;
    }

    // The CPD module's drafts, when someone is signed in, a CPD module registered them and it is not switched off.
    private ICpdDrafts? Drafts() =>
        User.Identity?.IsAuthenticated == true && drafts.LastOrDefault() is { } cpd && (!composed.IsComposed(CpdModuleId) || modules.IsEnabled(CpdModuleId))
            ? cpd
            : null;
}
