using System.Globalization;
using System.Text;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Core.Web;
using Accreditation.Core.Text;
using Markdig;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Library;

/// <summary>
/// Every change to library items goes through here, so each one writes its index task in the same transaction as the
/// change (the caller's SaveChanges commits both or neither).
/// </summary>
public sealed class ResearchLibrary(AccreditationDbContext db, TimeProvider clock, IIdSource ids, IAuditTrail audit)
{
    /// <summary>The Markdown an item's full text is written in.</summary>
    public static readonly MarkdownPipeline FullTextPipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    /// <summary>Renders an item's full text as safe HTML (the site's one Markdown rule, HtmlSanitizer's default elements).</summary>
    public static readonly SafeMarkdown FullText = new(FullTextPipeline);

    /// <summary>
    /// Why an item's link, or a link in its full text, is refused under the site's link rule (<see cref="Links"/>): the
    /// field ("Link" or "FullText") and a sentence to show. Empty when every link is allowed.
    /// </summary>
    public static IReadOnlyList<(string Field, string Message)> LinkProblems(string? link, string? fullText)
    {
        var problems = new List<(string, string)>();
        if (Links.Problem(link?.Trim()) is { } problem)
        {
            problems.Add(("Link", problem));
        }

        foreach (var (url, why) in Links.ProblemsIn(fullText, FullTextPipeline))
        {
            problems.Add(("FullText", $"The full text links to '{(url.Length > 80 ? url[..80] + "…" : url)}'. {why}"));
        }

        return problems;
    }

    /// <summary>The database context the changes are added to.</summary>
    public AccreditationDbContext Db => db;

    /// <summary>A new id for a topic, level or glossary line.</summary>
    public Guid NewId() => ids.NewId();

    /// <summary>Adds a new item (not saved yet); sets its id, dates and match key and queues its indexing.</summary>
    public ResearchItem Add(ResearchItem item)
    {
        var now = clock.GetUtcNow();
        if (item.Id == Guid.Empty)
        {
            item.Id = ids.NewId();
        }

        item.CreatedAt = now;
        item.UpdatedAt = now;
        item.MatchKey = MatchKeyOf(item.Title, item.Year);
        if (item.IsPublished)
        {
            item.PublishedAt ??= now;
        }

        db.Set<ResearchItem>().Add(item);
        Enqueue(item.Id);
        audit.Add("research.item-created", nameof(ResearchItem), item.Id.ToString(), Truncate(item.Title));
        return item;
    }

    /// <summary>Records that a tracked item was edited (not saved yet): dates, match key and its index task.</summary>
    public void Changed(ResearchItem item, string action = "research.item-updated")
    {
        var now = clock.GetUtcNow();
        item.UpdatedAt = now;
        item.MatchKey = MatchKeyOf(item.Title, item.Year);
        if (item.IsPublished)
        {
            item.PublishedAt ??= now;
        }

        Enqueue(item.Id);
        audit.Add(action, nameof(ResearchItem), item.Id.ToString(), Truncate(item.Title));
    }

    /// <summary>Removes an item (not saved yet) and queues its removal from the index.</summary>
    public void Remove(ResearchItem item)
    {
        db.Set<ResearchItem>().Remove(item);
        Enqueue(item.Id);
        audit.Add("research.item-deleted", nameof(ResearchItem), item.Id.ToString(), Truncate(item.Title));
    }

    /// <summary>Queues re-indexing of every item with the topic (after a rename or removal).</summary>
    public async Task TopicChangedAsync(Guid topicId, CancellationToken ct = default)
    {
        var items = await db.Set<ResearchItem>().Where(i => i.Topics.Any(t => t.Id == topicId)).Select(i => i.Id).ToListAsync(ct);
        foreach (var id in items)
        {
            Enqueue(id);
        }
    }

    /// <summary>Queues re-indexing of every item at the evidence level (after a rename or removal).</summary>
    public async Task EvidenceLevelChangedAsync(Guid levelId, CancellationToken ct = default)
    {
        var items = await db.Set<ResearchItem>().Where(i => i.EvidenceLevelId == levelId).Select(i => i.Id).ToListAsync(ct);
        foreach (var id in items)
        {
            Enqueue(id);
        }
    }

    /// <summary>Queues one item's (re-)indexing.</summary>
    public void Enqueue(Guid itemId) =>
        db.Set<IndexTask>().Add(new IndexTask { ItemId = itemId, CreatedAt = clock.GetUtcNow() });

    /// <summary>The key an import matches an item by when it has no DOI: lower-case letters and digits of the title, and the year.</summary>
    public static string MatchKeyOf(string title, int? year)
    {
        var builder = new StringBuilder(title.Length + 6);
        var space = false;
        foreach (var c in title.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        var key = builder.Length > 500 ? builder.ToString(0, 500) : builder.ToString();
        return $"{key}|{year?.ToString(CultureInfo.InvariantCulture) ?? ""}";
    }

    /// <summary>Normalises a DOI: lower case, without a resolver prefix or "doi:".</summary>
    public static string NormaliseDoi(string? doi)
    {
        var value = (doi ?? "").Trim();
        foreach (var prefix in new[] { "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:" })
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                value = value[prefix.Length..].Trim();
            }
        }

        return value.ToLowerInvariant();
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] : text;
}
