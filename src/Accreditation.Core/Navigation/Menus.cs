using System.Security.Claims;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;

namespace Accreditation.Core.Navigation;

/// <summary>The navigation and admin menu a given person sees: entries of enabled modules they have permission for.</summary>
public sealed class Menus(IEnumerable<NavigationRegistration> navigation, IEnumerable<AdminMenuRegistration> admin, ModuleState modules)
{
    /// <summary>
    /// The most entries the service navigation shows anyone (GOV.UK's service navigation pattern: one row on a
    /// laptop screen). Public entries beyond it are left to the footer, which lists them all.
    /// </summary>
    public const int MaxNavigationItems = 6;

    /// <summary>Where the admin entry leads: the landing page listing the admin areas the person may use.</summary>
    public const string AdminUrl = "/admin";

    /// <summary>
    /// The service navigation for the person: their own entries first (held through a role they were given: a
    /// platform admin, who may open every page, is not offered a portfolio or a CPD record), then public entries,
    /// then one "Admin" entry when they may use any admin area. Never more than <see cref="MaxNavigationItems"/>.
    /// </summary>
    public IReadOnlyList<NavigationItem> NavigationFor(ClaimsPrincipal user) => NavigationFor(user, null);

    /// <summary>
    /// The service navigation with the links editors added (<see cref="ISiteMenus"/>, main menu) that the person may
    /// see: after the person's own entries and before the public ones, in the editors' order; an entry whose address
    /// is already listed is not repeated. The admin entry is always kept and the whole never exceeds
    /// <see cref="MaxNavigationItems"/>.
    /// </summary>
    public IReadOnlyList<NavigationItem> NavigationFor(ClaimsPrincipal user, IReadOnlyList<MenuLink>? edited)
    {
        var signedIn = user.Identity?.IsAuthenticated == true;
        var enabled = navigation
            .Where(r => modules.IsEnabled(r.ModuleId))
            .Select(r => r.Item)
            .OrderBy(i => i.Order).ThenBy(i => i.Text, StringComparer.Ordinal)
            .ToList();
        var adminEntries = AdminMenuFor(user).Count > 0 ? 1 : 0;
        var room = MaxNavigationItems - adminEntries;
        var list = enabled
            .Where(i => !i.Public && signedIn && (i.Permission is null || user.HasClaim(PlatformClaims.Permission, i.Permission)))
            .Take(room)
            .ToList();
        foreach (var link in (edited ?? []).Where(l => l.IsFor(user)))
        {
            if (list.Count < room && !list.Any(i => string.Equals(i.Url, link.Url, StringComparison.OrdinalIgnoreCase)))
            {
                list.Add(new NavigationItem(link.Text, link.Url, Public: true));
            }
        }

        list.AddRange(enabled.Where(i => i.Public && !list.Any(l => string.Equals(l.Url, i.Url, StringComparison.OrdinalIgnoreCase))).Take(room - list.Count));
        if (adminEntries > 0)
        {
            list.Add(new NavigationItem("Admin", AdminUrl, Order: int.MaxValue));
        }

        return list;
    }

    /// <summary>Public entries of enabled modules (the footer lists them all).</summary>
    public IReadOnlyList<NavigationItem> PublicNavigation() =>
        navigation
            .Where(r => modules.IsEnabled(r.ModuleId) && r.Item.Public)
            .Select(r => r.Item)
            .OrderBy(i => i.Order).ThenBy(i => i.Text, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The footer's links for the person: home, the editors' footer links they may see, then the public entries of
    /// enabled modules not already listed. A footer never set up (<paramref name="edited"/> null) shows the privacy
    /// notice and accessibility statement in place of the editors' links.
    /// </summary>
    public IReadOnlyList<NavigationItem> FooterFor(ClaimsPrincipal user, IReadOnlyList<MenuLink>? edited)
    {
        var list = new List<NavigationItem> { new("Home", "/") };
        var links = edited ?? [new MenuLink("Privacy notice", "/pages/privacy-notice"), new MenuLink("Accessibility statement", "/pages/accessibility")];
        foreach (var item in links.Where(l => l.IsFor(user)).Select(l => new NavigationItem(l.Text, l.Url, Public: true)).Concat(PublicNavigation()))
        {
            if (!list.Any(i => string.Equals(i.Url, item.Url, StringComparison.OrdinalIgnoreCase)))
            {
                list.Add(item);
            }
        }

        return list;
    }

    /// <summary>Admin menu for the person; empty for people with no admin permission.</summary>
    public IReadOnlyList<AdminMenuItem> AdminMenuFor(ClaimsPrincipal user) =>
        admin
            .Where(r => modules.IsEnabled(r.ModuleId))
            .Select(r => r.Item)
            .Where(i => user.HasPermission(i.Permission))
            .OrderBy(i => i.Order).ThenBy(i => i.Text, StringComparer.Ordinal)
            .DistinctBy(i => i.Url) // one area may be opened through any of several permissions
            .ToList();
}
