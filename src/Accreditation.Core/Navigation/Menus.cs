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
    public IReadOnlyList<NavigationItem> NavigationFor(ClaimsPrincipal user)
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
        list.AddRange(enabled.Where(i => i.Public).Take(room - list.Count));
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

    /// <summary>Admin menu for the person; empty for people with no admin permission.</summary>
    public IReadOnlyList<AdminMenuItem> AdminMenuFor(ClaimsPrincipal user) =>
        admin
            .Where(r => modules.IsEnabled(r.ModuleId))
            .Select(r => r.Item)
            .Where(i => user.HasPermission(i.Permission))
            .OrderBy(i => i.Order).ThenBy(i => i.Text, StringComparer.Ordinal)
            .ToList();
}
