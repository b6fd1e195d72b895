using System.Security.Claims;

namespace Accreditation.Core.Navigation;

/// <summary>The menus editors keep: the service navigation and the footer.</summary>
public static class SiteMenuNames
{
    /// <summary>The service navigation under the header.</summary>
    public const string Main = "main";

    /// <summary>The footer's links.</summary>
    public const string Footer = "footer";
}

/// <summary>
/// A link an editor placed in a menu: its words, where it leads, and who sees it (everyone; anyone signed in; or only
/// people holding one of <paramref name="Roles"/>).
/// </summary>
public sealed record MenuLink(string Text, string Url, bool SignedInOnly = false, IReadOnlyList<string>? Roles = null)
{
    /// <summary>Whether the person sees this link.</summary>
    public bool IsFor(ClaimsPrincipal user)
    {
        var signedIn = user.Identity?.IsAuthenticated == true;
        if (Roles is { Count: > 0 })
        {
            return signedIn && Roles.Any(user.IsInRole);
        }

        return !SignedInOnly || signedIn;
    }
}

/// <summary>
/// The links editors put in a menu, in their order, for every audience (the navigation filters them per person). The
/// module that keeps the menus implements it; without one, menus hold only what the modules give.
/// </summary>
public interface ISiteMenus
{
    /// <summary>The menu's links (null when the menu was never set up, so the site shows its defaults).</summary>
    Task<IReadOnlyList<MenuLink>?> LinksAsync(string menu, CancellationToken ct = default);
}
