using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Research.Library;
using Accreditation.Research.Search;
using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Pages.Research;

/// <summary>One library item: details, full text and similar items; hidden items answer 404 to people who may not see them.</summary>
[AllowAnonymous]
public sealed class ItemModel(AccreditationDbContext db, IResearchSearch search) : PageModel
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
    private static readonly HtmlSanitizer Sanitizer = new();

    /// <summary>The item.</summary>
    public ResearchItem Item { get; private set; } = new();

    /// <summary>The full text as safe HTML.</summary>
    public string FullTextHtml { get; private set; } = "";

    /// <summary>Similar items the person may see.</summary>
    public IReadOnlyList<ResearchHit> Similar { get; private set; } = [];

    /// <summary>Shows the item.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var item = await db.Set<ResearchItem>().AsNoTracking().Include(i => i.Topics).Include(i => i.EvidenceLevel).AsSplitQuery()
            .FirstOrDefaultAsync(i => i.Id == id, ct);
        var editor = User.HasPermission(Permissions.EditLibrary);
        if (item is null || (!item.IsPublished && !editor) || !ResearchSearch.MaySee(User, item.Access))
        {
            return NotFound();
        }

        Item = item;
        FullTextHtml = string.IsNullOrWhiteSpace(item.FullText) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(item.FullText, Pipeline));
        Similar = await search.MoreLikeThisAsync(id, User, 5, ct);
        return Page();
    }
}
