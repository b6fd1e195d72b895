using System.Collections.Concurrent;
using Accreditation.Core.Navigation;

namespace Accreditation.Publishing.Menus;

/// <summary>
/// The editors' menu links as last read, so the layout does not query the menus on every page. A change made through
/// this node (a menu link saved, moved or removed; a page created, edited, published or taken down; a recipe run)
/// empties it at once; the same change made through another node empties it when the node sees the
/// <see cref="Topic"/> counter move (within a second); anything else shows within <see cref="Lifetime"/>.
/// </summary>
public sealed class MenuLinksCache(TimeProvider clock)
{
    /// <summary>The change topic announced with every change to menus or to the pages they link to.</summary>
    public const string Topic = "menus";

    /// <summary>How long links read from the database are shown without reading them again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadAt, IReadOnlyList<MenuLink>? Links)> menus = new(StringComparer.Ordinal);
    private long generation;

    /// <summary>The menu's links: cached while fresh, otherwise read with <paramref name="read"/> and kept.</summary>
    public async Task<IReadOnlyList<MenuLink>?> GetAsync(string menu, Func<Task<IReadOnlyList<MenuLink>?>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var now = clock.GetUtcNow();
        if (menus.TryGetValue(menu, out var cached) && now - cached.ReadAt < Lifetime && now >= cached.ReadAt)
        {
            return cached.Links;
        }

        // A change made while the links were being read must not be hidden behind what was read before it.
        var before = Interlocked.Read(ref generation);
        var links = await read();
        if (Interlocked.Read(ref generation) == before)
        {
            menus[menu] = (now, links);
        }

        return links;
    }

    /// <summary>Forgets every menu, so the next page reads them again.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        menus.Clear();
    }
}
