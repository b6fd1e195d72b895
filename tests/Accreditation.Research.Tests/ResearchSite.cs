using Accreditation.Research.Indexing;
using Accreditation.Research.Library;
using Accreditation.Research.Search;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Research.Tests;

/// <summary>Adds library items, runs the index worker's step directly and searches, on a site of its own.</summary>
public static class ResearchSite
{
    /// <summary>Adds a published item (unless the caller unpublishes it) through the library service, with its index task.</summary>
    public static async Task<Guid> AddItemAsync(this PlatformFactory site, string title, string @abstract = "", Action<ResearchItem>? fill = null)
    {
        return await site.WithScopeAsync(async sp =>
        {
            var library = sp.GetRequiredService<ResearchLibrary>();
            var item = new ResearchItem
            {
                Title = title,
                Abstract = @abstract,
                Year = 2020,
                Type = ResearchItemType.ResearchReview,
                Access = ResearchAccess.Public,
                IsPublished = true,
            };
            fill?.Invoke(item);
            library.Add(item);
            await library.Db.SaveChangesAsync();
            return item.Id;
        });
    }

    /// <summary>Changes an item through the library service.</summary>
    public static Task ChangeItemAsync(this PlatformFactory site, Guid id, Action<ResearchItem> change) =>
        site.WithScopeAsync(async sp =>
        {
            var library = sp.GetRequiredService<ResearchLibrary>();
            var item = await library.Db.Set<ResearchItem>().FindAsync(id) ?? throw new InvalidOperationException("No such item.");
            change(item);
            library.Changed(item);
            await library.Db.SaveChangesAsync();
        });

    /// <summary>Deletes an item through the library service.</summary>
    public static Task DeleteItemAsync(this PlatformFactory site, Guid id) =>
        site.WithScopeAsync(async sp =>
        {
            var library = sp.GetRequiredService<ResearchLibrary>();
            library.Remove(await library.Db.Set<ResearchItem>().FindAsync(id) ?? throw new InvalidOperationException("No such item."));
            await library.Db.SaveChangesAsync();
        });

    /// <summary>Runs one round of the index worker, as the background task would.</summary>
    public static Task<int> RunIndexWorkerAsync(this PlatformFactory site, Action<string>? progress = null) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<IndexWorker>().RunOnceAsync(sp, progress));

    /// <summary>Searches the site's index as an audience would.</summary>
    public static ResearchSearchResults Search(this PlatformFactory site, string? text, ResearchAudience audience = ResearchAudience.Restricted, ResearchSearchRequest? request = null)
    {
        var searcher = new ResearchSearcher(site.Services.GetRequiredService<ResearchIndex>(), site.Services.GetRequiredService<GlossarySource>().Current, SearchTuning.Default);
        return searcher.Search((request ?? new ResearchSearchRequest()) with { Text = text }, audience);
    }

    /// <summary>The titles found for a search.</summary>
    public static IReadOnlyList<string> Titles(this PlatformFactory site, string? text, ResearchAudience audience = ResearchAudience.Restricted) =>
        site.Search(text, audience, new ResearchSearchRequest { PageSize = 100 }).Hits.Select(h => h.Title).ToList();
}
