using Accreditation.Core.Data;
using Accreditation.Core.Privacy;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Pages.Updates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Publishing.Pages.ContentPages;

/// <summary>
/// A published standing page (about, guidance, privacy notice, accessibility statement) at /pages/{slug}. A page whose
/// body holds the placeholder {{ retention-schedule }} shows the retention schedule in force there, from the same
/// settings the retention task applies.
/// </summary>
[AllowAnonymous]
public sealed class ContentPageModel(AccreditationDbContext db, MarkdownRenderer markdown, RetentionSchedule retention) : PageModel
{
    /// <summary>The page.</summary>
    public PracticeUpdate Item { get; private set; } = null!;

    /// <summary>Sanitised body.</summary>
    public string Html { get; private set; } = "";

    /// <summary>Shows the page.</summary>
    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var inner = new ItemModel(db, markdown) { PageContext = PageContext };
        var result = await inner.ShowAsync(PublicationKind.Page, slug, ct);
        if (result is not PageResult)
        {
            return result;
        }

        Item = inner.Item;
        Html = Item.Body.Contains(RetentionSchedule.Placeholder, StringComparison.Ordinal)
            ? markdown.ToHtml(Item.Body.Replace(RetentionSchedule.Placeholder, "\n\n" + retention.ToMarkdown() + "\n", StringComparison.Ordinal))
            : inner.Html;
        return Page();
    }
}
