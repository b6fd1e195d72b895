using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Accreditation.Core.Security;
using Accreditation.Core.Time;
using Accreditation.Core.Web;
using Accreditation.Publishing.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Menus;

/// <summary>
/// What an editor (or the recipe) gives for a menu link: label, a page or an address, and who sees it; named as the
/// form's fields are, so a check's failure is shown next to its field as it stands.
/// </summary>
public sealed record MenuLinkDraft(string Menu, string? Label, Guid? PageId, string? Address, AudienceKind Audience, IReadOnlyList<string>? Roles);

/// <summary>
/// The menus editors keep (<see cref="ISiteMenus"/>): each link as it is now (a page's link follows its slug and is left
/// out while the page is not published); adding, changing, moving and removing links, each audited.
/// </summary>
public sealed class SiteMenus(AccreditationDbContext db, ModuleState modules, IIdSource ids, TimeProvider clock, IAuditTrail audit, MenuLinksCache cache) : ISiteMenus
{
    /// <summary>The menus there are, with their names for people.</summary>
    public static readonly IReadOnlyList<(string Menu, string Name)> All = [(SiteMenuNames.Main, "Service navigation"), (SiteMenuNames.Footer, "Footer")];

    /// <inheritdoc />
    public Task<IReadOnlyList<MenuLink>?> LinksAsync(string menu, CancellationToken ct = default) =>
        modules.IsEnabled(Manifest.Id) ? cache.GetAsync(menu, () => ReadAsync(menu, ct)) : Task.FromResult<IReadOnlyList<MenuLink>?>(null);

    private async Task<IReadOnlyList<MenuLink>?> ReadAsync(string menu, CancellationToken ct)
    {
        if (!await db.Set<MenuSetUp>().AnyAsync(m => m.Menu == menu, ct))
        {
            return null;
        }

        var rows = await (from m in db.Set<MenuItem>().AsNoTracking()
                          where m.Menu == menu
                          join p in db.Set<PracticeUpdate>().AsNoTracking() on m.PageId equals (Guid?)p.Id into pages
                          from p in pages.DefaultIfEmpty()
                          select new { m.Position, m.Label, m.Url, m.Audience, m.Roles, m.PageId, Slug = p == null ? null : p.Slug, Status = p == null ? (PublicationStatus?)null : p.Status })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Position)
            .Where(r => r.PageId is null || r.Status == PublicationStatus.Published)
            .Select(r => new MenuLink(r.Label, r.PageId is null ? r.Url ?? "/" : "/pages/" + r.Slug, r.Audience == AudienceKind.SignedIn,
                r.Audience == AudienceKind.Roles ? PracticeUpdate.Split(r.Roles) : null))
            .ToList();
    }

    /// <summary>Every link of a menu in order, as stored.</summary>
    public async Task<IReadOnlyList<MenuItem>> ItemsAsync(string menu, CancellationToken ct = default) =>
        (await db.Set<MenuItem>().AsNoTracking().Where(m => m.Menu == menu).ToListAsync(ct)).OrderBy(m => m.Position).ToList();

    /// <summary>What is wrong with a link, by field (empty when nothing is).</summary>
    public async Task<List<FormError>> CheckAsync(MenuLinkDraft draft, CancellationToken ct = default)
    {
        var pages = draft.PageId is { } page && await db.Set<PracticeUpdate>().AnyAsync(u => u.Id == page && u.Kind == PublicationKind.Page, ct)
            ? new HashSet<Guid> { page }
            : [];
        return new MenuLinkDraftValidator(pages).Validate(draft).ToFormErrors();
    }

    /// <summary>Adds a link at the end of its menu, or changes one; returns the errors (none when saved).</summary>
    public async Task<List<FormError>> SaveAsync(Guid? id, MenuLinkDraft draft, CancellationToken ct = default)
    {
        var errors = await CheckAsync(draft, ct);
        MenuItem? item = null;
        if (id is { } existing && (item = await db.Set<MenuItem>().SingleOrDefaultAsync(m => m.Id == existing, ct)) is null)
        {
            errors.Add(new FormError("Label", "The link no longer exists."));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        if (item is null || item.Menu != draft.Menu)
        {
            var last = await db.Set<MenuItem>().Where(m => m.Menu == draft.Menu).Select(m => (int?)m.Position).MaxAsync(ct) ?? 0;
            if (item is null)
            {
                item = new MenuItem { Id = ids.NewId(), Menu = draft.Menu, Label = "" };
                db.Set<MenuItem>().Add(item);
            }

            item.Menu = draft.Menu;
            item.Position = last + 1;
        }

        item.Label = draft.Label!.Trim();
        item.PageId = draft.PageId;
        item.Url = draft.PageId is null ? draft.Address!.Trim() : null;
        item.Audience = draft.Audience;
        item.Roles = draft.Audience == AudienceKind.Roles ? string.Join(",", draft.Roles!.Distinct()) : "";
        item.UpdatedAt = clock.GetUtcNow();
        await MarkSetUpAsync(draft.Menu, ct);
        audit.Add(id is null ? "menus.link-added" : "menus.link-changed", nameof(MenuItem), item.Id.ToString(), $"{draft.Menu}: {item.Label}");
        db.Announce(MenuLinksCache.Topic);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return errors;
    }

    /// <summary>Moves a link one place up (-1) or down (+1) in its menu.</summary>
    public async Task MoveAsync(Guid id, int by, CancellationToken ct = default)
    {
        var item = await db.Set<MenuItem>().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (item is null)
        {
            return;
        }

        var menu = (await db.Set<MenuItem>().Where(m => m.Menu == item.Menu).ToListAsync(ct)).OrderBy(m => m.Position).ToList();
        var at = menu.FindIndex(m => m.Id == id);
        var to = at + Math.Sign(by);
        if (to < 0 || to >= menu.Count)
        {
            return;
        }

        (menu[at], menu[to]) = (menu[to], menu[at]);
        for (var i = 0; i < menu.Count; i++)
        {
            menu[i].Position = i + 1;
        }

        audit.Add("menus.link-moved", nameof(MenuItem), id.ToString(), $"{item.Menu}: {item.Label} to place {to + 1}");
        db.Announce(MenuLinksCache.Topic);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
    }

    /// <summary>Removes a link.</summary>
    public async Task RemoveAsync(Guid id, CancellationToken ct = default)
    {
        if (await db.Set<MenuItem>().SingleOrDefaultAsync(m => m.Id == id, ct) is { } item)
        {
            db.Set<MenuItem>().Remove(item);
            await MarkSetUpAsync(item.Menu, ct);
            audit.Add("menus.link-removed", nameof(MenuItem), id.ToString(), $"{item.Menu}: {item.Label}");
            db.Announce(MenuLinksCache.Topic);
            await db.SaveChangesAsync(ct);
            cache.Invalidate();
        }
    }

    /// <summary>Records that a menu is kept by editors from now on (its defaults no longer shown).</summary>
    public async Task MarkSetUpAsync(string menu, CancellationToken ct = default)
    {
        if (!await db.Set<MenuSetUp>().AnyAsync(m => m.Menu == menu, ct) && !db.Set<MenuSetUp>().Local.Any(m => m.Menu == menu))
        {
            db.Set<MenuSetUp>().Add(new MenuSetUp { Menu = menu, At = clock.GetUtcNow() });
        }
    }
}
