using System.Security.Claims;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;

namespace Accreditation.Core.Navigation;

/// <summary>The navigation and admin menu a given person sees: entries of enabled modules they have permission for.</summary>
public sealed class Menus(IEnumerable<NavigationRegistration> navigation, IEnumerable<AdminMenuRegistration> admin, ModuleState modules)
{
    /// <summary>Header navigation for the person (visitors see public entries only).</summary>
    public IReadOnlyList<NavigationItem> NavigationFor(ClaimsPrincipal user)
    {
        var signedIn = user.Identity?.IsAuthenticated == true;
        return navigation
            .Where(r => modules.IsEnabled(r.ModuleId))
            .Select(r => r.Item)
            .Where(i => i.Public || (signedIn && (i.Permission is null || user.HasPermission(i.Permission))))
            .OrderBy(i => i.Order).ThenBy(i => i.Text, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Admin menu for the person; empty for people with no admin permission.</summary>
    public IReadOnlyList<AdminMenuItem> AdminMenuFor(ClaimsPrincipal user) =>
        admin
            .Where(r => modules.IsEnabled(r.ModuleId))
            .Select(r => r.Item)
            .Where(i => user.HasPermission(i.Permission))
            .OrderBy(i => i.Order).ThenBy(i => i.Text, StringComparer.Ordinal)
            .ToList();
}
