using System.Collections.Concurrent;
using System.Security.Claims;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Accreditation.Core.Navigation;

/// <summary>
/// The navigation and admin menu a given person sees: entries of enabled modules they have permission for, each page
/// name resolved to its address through the site's routes every time a menu is built (nothing is cached).
/// </summary>
public sealed class Menus(IEnumerable<NavigationRegistration> navigation, IEnumerable<AdminMenuRegistration> admin, ModuleState modules, LinkGenerator links, ILogger<Menus> logger)
{
    /// <summary>
    /// The most entries the service navigation shows anyone (GOV.UK's service navigation pattern: one row on a
    /// laptop screen). Public entries beyond it are left to the footer, which lists them all.
    /// </summary>
    public const int MaxNavigationItems = 6;

    // Pages and their routes are fixed while the process runs, so each name is resolved once, not on every page shown.
    private readonly ConcurrentDictionary<string, string?> paths = new(StringComparer.Ordinal);

    /// <summary>The page the admin entry leads to: the landing page listing the admin areas the person may use.</summary>
    public const string AdminPage = "/Admin/Index";

    /// <summary>The page the footer's first link leads to.</summary>
    public const string HomePage = "/Index";

    /// <summary>
    /// The service navigation for the person: their own entries first (held through a role they were given: a
    /// platform admin, who may open every page, is not offered a portfolio or a CPD record), then public entries,
    /// then one "Admin" entry when they may use any admin area. Never more than <see cref="MaxNavigationItems"/>.
    /// </summary>
    public IReadOnlyList<MenuEntry> NavigationFor(ClaimsPrincipal user) => NavigationFor(user, null);

    /// <summary>
    /// The service navigation with the links editors added (<see cref="ISiteMenus"/>, main menu) that the person may
    /// see: after the person's own entries and before the public ones, in the editors' order; an entry whose address
    /// is already listed is not repeated. The admin entry is always kept and the whole never exceeds
    /// <see cref="MaxNavigationItems"/>.
    /// </summary>
    public IReadOnlyList<MenuEntry> NavigationFor(ClaimsPrincipal user, IReadOnlyList<MenuLink>? edited)
    {
        var signedIn = user.Identity?.IsAuthenticated == true;
        var enabled = navigation
            .Where(r => modules.IsEnabled(r.ModuleId))
            .Select(r => r.Item)
            .OrderBy(i => i.Order).ThenBy(i => i.Text, StringComparer.Ordinal)
            .ToList();
        var adminEntries = AdminItemsFor(user).Any() ? 1 : 0;
        var room = MaxNavigationItems - adminEntries;
        var list = Resolve(enabled.Where(i => !i.Public && signedIn && (i.Permission is null || user.HasClaim(PlatformClaims.Permission, i.Permission))))
            .Take(room)
            .ToList();
        foreach (var link in (edited ?? []).Where(l => l.IsFor(user)))
        {
            if (list.Count < room && !list.Any(i => string.Equals(i.Url, link.Url, StringComparison.OrdinalIgnoreCase)))
            {
                list.Add(new MenuEntry(link.Text, link.Url, Public: true));
            }
        }

        list.AddRange(Resolve(enabled.Where(i => i.Public)).Where(i => !list.Any(l => string.Equals(l.Url, i.Url, StringComparison.OrdinalIgnoreCase))).Take(room - list.Count));
        if (adminEntries > 0 && PathOf(AdminPage, "Admin") is { } adminUrl)
        {
            list.Add(new MenuEntry("Admin", adminUrl, Admin: true));
        }

        return list;
    }

    /// <summary>Public entries of enabled modules (the footer lists them all).</summary>
    public IReadOnlyList<MenuEntry> PublicNavigation() =>
        Resolve(navigation
            .Where(r => modules.IsEnabled(r.ModuleId) && r.Item.Public)
            .Select(r => r.Item)
            .OrderBy(i => i.Order).ThenBy(i => i.Text, StringComparer.Ordinal))
            .ToList();

    /// <summary>
    /// The footer's links for the person: home, the editors' footer links they may see, then the public entries of
    /// enabled modules not already listed. A footer never set up (<paramref name="edited"/> null) shows the privacy
    /// notice and accessibility statement in place of the editors' links.
    /// </summary>
    public IReadOnlyList<MenuEntry> FooterFor(ClaimsPrincipal user, IReadOnlyList<MenuLink>? edited)
    {
        var list = PathOf(HomePage, "Home") is { } home ? new List<MenuEntry> { new("Home", home) } : [];
        // The defaults stand in for the editors' links, which are addresses (content pages are found by slug), so they are too.
        var links = edited ?? [new MenuLink("Privacy notice", "/pages/privacy-notice"), new MenuLink("Accessibility statement", "/pages/accessibility")];
        foreach (var item in links.Where(l => l.IsFor(user)).Select(l => new MenuEntry(l.Text, l.Url, Public: true)).Concat(PublicNavigation()))
        {
            if (!list.Any(i => string.Equals(i.Url, item.Url, StringComparison.OrdinalIgnoreCase)))
            {
                list.Add(item);
            }
        }

        return list;
    }

    /// <summary>Admin menu for the person; empty for people with no admin permission.</summary>
    public IReadOnlyList<MenuEntry> AdminMenuFor(ClaimsPrincipal user) =>
        AdminItemsFor(user)
            .Select(i => PathOf(i.Page, i.Text) is { } url ? new MenuEntry(i.Text, url) : null)
            .OfType<MenuEntry>()
            .ToList();

    /// <summary>The address of each registered entry's page (null for a name no page has), for the tests that prove every entry leads somewhere.</summary>
    public IReadOnlyList<(string Text, string Page, string? Url)> RegisteredEntries() =>
        navigation.Select(r => (r.Item.Text, r.Item.Page))
            .Concat(admin.Select(r => (r.Item.Text, r.Item.Page)))
            .Append(("Admin", AdminPage))
            .Append(("Home", HomePage))
            .Select(e => (e.Item1, e.Item2, links.GetPathByPage(e.Item2)))
            .ToList();

    private IEnumerable<AdminMenuItem> AdminItemsFor(ClaimsPrincipal user) =>
        admin
            .Where(r => modules.IsEnabled(r.ModuleId))
            .Select(r => r.Item)
            .Where(i => user.HasPermission(i.Permission))
            .OrderBy(i => i.Order).ThenBy(i => i.Text, StringComparer.Ordinal)
            .DistinctBy(i => i.Page); // one area may be opened through any of several permissions

    private IEnumerable<MenuEntry> Resolve(IEnumerable<NavigationItem> items) =>
        items.Select(i => PathOf(i.Page, i.Text) is { } url ? new MenuEntry(i.Text, url, i.Public) : null).OfType<MenuEntry>();

    // A page name that resolves to nothing (a page renamed without its menu entry) leaves the entry out rather than
    // rendering a dead link; it is logged, and LinkTargetTests fails on it before it ships.
    private string? PathOf(string page, string text) =>
        paths.GetOrAdd(page, name =>
        {
            var path = links.GetPathByPage(name);
            if (path is null)
            {
                logger.LogError("The menu entry {Text} names the page {Page}, which the site does not have; it is left out.", text, name);
            }

            return path;
        });
}
