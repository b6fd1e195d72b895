using System.Text.RegularExpressions;
using Accreditation.Testing;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Architecture.Tests;

/// <summary>
/// Every link written as a path (href, form action, redirect, menu entry, emailed link) goes to a page or endpoint the
/// site has: renaming or moving a page fails here, not in front of a user. Paths are read from the source and matched
/// against the running site's routes (a value inside a path, such as "/portfolio/@Model.Id", matches any route value).
/// </summary>
public sealed partial class LinkTargetTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    /// <summary>Paths served as static files, not by pages.</summary>
    private static readonly string[] StaticPrefixes = ["/css/", "/js/", "/assets/", "/lib/", "/images/", "/favicon", "/govuk/", "/.well-known/openid-configuration"];

    [Fact]
    public void Every_path_in_the_source_goes_to_a_page_or_endpoint()
    {
        var routes = Routes();
        var links = LinksInSource();
        Assert.True(links.Count > 150, $"Only {links.Count} links read: the patterns no longer find them.");

        var broken = links
            .Where(l => !routes.Any(r => Matches(r, l.Path)))
            .Select(l => $"{l.Path}  ({l.File})")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(broken.Count == 0, "Links to no page or endpoint:\n  " + string.Join("\n  ", broken));
    }

    [Fact]
    public void Every_page_linked_by_name_exists()
    {
        var pages = site.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<PageActionDescriptor>().Select(p => p.ViewEnginePath).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("/Account/SignIn", pages);

        var named = PageNamesInSource();
        Assert.True(named.Count > 40, $"Only {named.Count} page names read: the patterns no longer find them.");
        var missing = named.Where(n => !pages.Contains(n.Page)).Select(n => $"{n.Page}  ({n.File})").Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Pages linked by a name no page has:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void A_path_to_no_page_is_caught()
    {
        var routes = Routes();
        Assert.Contains(routes, r => Matches(r, "/portfolio/x/items/x"));
        Assert.DoesNotContain(routes, r => Matches(r, "/portfolio/x/no-such-page"));
        Assert.DoesNotContain(routes, r => Matches(r, "/no-such-page"));
    }

    private List<TemplateMatcher> Routes()
    {
        var sources = site.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText)
            .Where(t => t is not null)
            .Distinct()
            .Select(t => new TemplateMatcher(TemplateParser.Parse(t!), new RouteValueDictionary()))
            .ToList();
    }

    private static bool Matches(TemplateMatcher route, string path) => route.TryMatch(path, new RouteValueDictionary());

    private static List<(string Path, string File)> LinksInSource()
    {
        var root = ModuleAssemblies.RepositoryRoot;
        var folders = new[] { Path.Combine(root, "src"), Path.Combine(root, "themes") };
        var links = new List<(string, string)>();
        foreach (var file in folders.SelectMany(f => Directory.EnumerateFiles(f, "*.*", SearchOption.AllDirectories)))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains("node_modules", StringComparison.Ordinal)
                || file.Contains("wwwroot", StringComparison.Ordinal))
            {
                continue;
            }

            var text = file.EndsWith(".cshtml", StringComparison.Ordinal) ? File.ReadAllText(file)
                : file.EndsWith(".cs", StringComparison.Ordinal) ? File.ReadAllText(file)
                : null;
            if (text is null)
            {
                continue;
            }

            var regex = file.EndsWith(".cshtml", StringComparison.Ordinal) ? MarkupLink() : CodeLink();
            foreach (Match m in regex.Matches(text))
            {
                // In code a path ending in "/" is followed by a value ("/research/items/" + item.Id).
                var raw = m.Groups["path"].Value;
                var path = Normalise(regex == CodeLink() && raw.Length > 1 && raw.EndsWith('/') ? raw + "x" : raw);
                if (path is not null)
                {
                    links.Add((path, Path.GetRelativePath(root, file)));
                }
            }
        }

        return links;
    }

    private static List<(string Page, string File)> PageNamesInSource()
    {
        var root = ModuleAssemblies.RepositoryRoot;
        return new[] { Path.Combine(root, "src"), Path.Combine(root, "themes") }
            .SelectMany(f => Directory.EnumerateFiles(f, "*.cs*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => PageName().Matches(File.ReadAllText(f)).Select(m => (m.Groups["page"].Value, Path.GetRelativePath(root, f))))
            .ToList();
    }

    // RedirectToPage("/Page"), asp-page="/Page", Url.Page("/Page") and menu entries made with a page name.
    [GeneratedRegex("""(?:RedirectToPage\(|Url\.Page\(|asp-page=|Page: )"(?<page>/[^"]*)""")]
    private static partial Regex PageName();

    /// <summary>The path part of a link, with Razor and interpolated values made into one segment; null when it is not a page link.</summary>
    private static string? Normalise(string raw)
    {
        var path = RazorValue().Replace(raw, "x");
        path = InterpolatedValue().Replace(path, "x");
        var end = path.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            path = path[..end];
        }

        if (path.Length == 0 || !path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal)
            || StaticPrefixes.Any(p => path.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            || path.Contains('.', StringComparison.Ordinal))
        {
            return null;
        }

        // A value that ends the path inside a larger value ("/research/items/x" from "/research/items/@item.Id") is one segment.
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    // href="/...", action="/...", formaction="/..." in Razor markup.
    [GeneratedRegex("""(?:href|action|formaction)="(?<path>/[^"]*)""")]
    private static partial Regex MarkupLink();

    // Redirect("/..."), LocalRedirect($"/..."), Link("/...") (emails), menu entries ("Label", "/path", ...) and href in code.
    [GeneratedRegex("""(?:Redirect|LocalRedirect|RedirectPermanent|Link|MenuItem|NavigationItem|Url)\(\$?@?"(?:[^"]*", \$?")?(?<path>/[^"]*)"|href=\\?"(?<path>/[^"\\]*)""")]
    private static partial Regex CodeLink();

    [GeneratedRegex("""@\((?:[^()]|\([^()]*\))*\)|@[A-Za-z_][\w.]*(?:\([^)]*\))?""")]
    private static partial Regex RazorValue();

    [GeneratedRegex("""\{[^}]*\}""")]
    private static partial Regex InterpolatedValue();
}
