using Accreditation.Core.Data;
using Accreditation.Core.Privacy;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Content;

/// <summary>A link to a page: its title and address segment.</summary>
public sealed record PageLink(string Title, string Slug);

/// <summary>What a page shows: the item, its rendered body and contents, the pages above it and the pages below it.</summary>
public sealed record PageView(PracticeUpdate Item, RenderedBody Body, IReadOnlyList<PageLink> Breadcrumbs, IReadOnlyList<PageLink> Children);

/// <summary>
/// Builds what a page shows, the same way for readers and for an editor's preview: the body (with the retention schedule
/// where it holds the placeholder), the contents list of a long page, breadcrumbs through its published parents and its
/// published child pages, each only as far as the reader may read them.
/// </summary>
public sealed class PageViews(AccreditationDbContext db, MarkdownRenderer markdown, RetentionSchedule retention)
{
    /// <summary>The view of an item for a reader.</summary>
    public async Task<PageView> BuildAsync(PracticeUpdate item, Reader reader, CancellationToken ct)
    {
        var body = item.Body.Contains(RetentionSchedule.Placeholder, StringComparison.Ordinal)
            ? item.Body.Replace(RetentionSchedule.Placeholder, "\n\n" + retention.ToMarkdown() + "\n", StringComparison.Ordinal)
            : item.Body;
        var rendered = markdown.Render(body);
        if (item.Kind != PublicationKind.Page)
        {
            return new PageView(item, rendered, [], []);
        }

        var pages = (await db.Set<PracticeUpdate>().AsNoTracking()
                .Where(u => u.Kind == PublicationKind.Page && u.Status == PublicationStatus.Published)
                .ToListAsync(ct))
            .Where(reader.MayRead)
            .ToDictionary(u => u.Id);
        var trail = new List<PageLink>();
        var seen = new HashSet<Guid> { item.Id };
        for (var parent = item.ParentId; parent is { } id && seen.Add(id) && pages.TryGetValue(id, out var page); parent = page.ParentId)
        {
            trail.Insert(0, new PageLink(page.Title, page.Slug));
        }

        var children = pages.Values.Where(p => p.ParentId == item.Id).OrderBy(p => p.Title, StringComparer.Ordinal)
            .Select(p => new PageLink(p.Title, p.Slug)).ToList();
        return new PageView(item, rendered, trail, children);
    }
}
