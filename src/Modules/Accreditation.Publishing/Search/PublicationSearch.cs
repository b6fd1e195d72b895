using Accreditation.Core.Data;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Search;

/// <summary>A page or practice update found by a search: where it is, its title and summary.</summary>
public sealed record PublicationHit(PublicationKind Kind, string Title, string Summary, string Path, DateTimeOffset? PublishedAt);

/// <summary>
/// Finds published pages and practice updates the reader may read: every word typed must appear in the title, summary,
/// topics or body (any case, any accent-free form as typed); a word in the title counts most, then the summary and
/// topics, then the body. Drafts, scheduled, archived items and items outside the reader's audience are never found.
/// </summary>
public sealed class PublicationSearch(AccreditationDbContext db)
{
    /// <summary>The most results given per kind.</summary>
    public const int MaxPerKind = 20;

    /// <summary>Pages and updates matching the text, best first, at most <see cref="MaxPerKind"/> of each.</summary>
    public async Task<IReadOnlyList<PublicationHit>> SearchAsync(string? text, Reader reader, CancellationToken ct = default)
    {
        var words = (text ?? "").ToLowerInvariant()
            .Split([' ', '\t', ',', '.', ';', ':', '?', '!', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 1).Distinct().Take(10).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        var published = await db.Set<PracticeUpdate>().AsNoTracking().Where(u => u.Status == PublicationStatus.Published).ToListAsync(ct);
        return published
            .Where(reader.MayRead)
            .Select(u => (Item: u, Score: Score(u, words)))
            .Where(x => x.Score > 0)
            .GroupBy(x => x.Item.Kind)
            .SelectMany(g => g.OrderByDescending(x => x.Score).ThenByDescending(x => x.Item.PublishedAt).Take(MaxPerKind))
            .Select(x => new PublicationHit(x.Item.Kind, x.Item.Title, x.Item.Summary,
                (x.Item.Kind == PublicationKind.Page ? "/pages/" : "/updates/") + x.Item.Slug, x.Item.PublishedAt))
            .ToList();
    }

    // 0 when a word is missing everywhere; otherwise a weighted count of where the words appear.
    private static int Score(PracticeUpdate item, List<string> words)
    {
        var title = item.Title.ToLowerInvariant();
        var summary = (item.Summary + " " + item.Topics).ToLowerInvariant();
        var body = item.Body.ToLowerInvariant();
        var score = 0;
        foreach (var word in words)
        {
            var here = (title.Contains(word, StringComparison.Ordinal) ? 6 : 0) + (summary.Contains(word, StringComparison.Ordinal) ? 3 : 0) + (body.Contains(word, StringComparison.Ordinal) ? 1 : 0);
            if (here == 0)
            {
                return 0;
            }

            score += here;
        }

        return score;
    }
}
