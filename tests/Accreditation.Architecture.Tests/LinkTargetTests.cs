using System.Net;
using System.Text.RegularExpressions;
using Accreditation.Core.Navigation;
using Accreditation.Core.Security;
using Accreditation.Testing;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Architecture.Tests;

/// <summary>
/// Every link goes to a page or endpoint the site has: renaming or moving a page fails here, not in front of a user.
/// Links by page name (RedirectToPage, asp-page with its asp-route-* values, Url.Page, menu entries) must name a page
/// of the running site and give every value its route needs; the few links still written as paths (files, exports,
/// feeds, OpenID Connect, emailed links) are matched against the site's routes (a value inside a path, such as
/// "/cpd/records/@r.Id/files/@file.Id", matches any route value); and the main pages, rendered for a person holding every
/// role, carry no empty href or action (what the anchor and form tag helpers render, silently, for a page name that
/// resolves to nothing).
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
        Assert.True(links.Count > LinksAtLeast, $"Only {links.Count} links read: the patterns no longer find them.");

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
        Assert.True(named.Count > NamedAtLeast, $"Only {named.Count} page names read: the patterns no longer find them.");
        var missing = named.Where(n => !pages.Contains(n.Page)).Select(n => $"{n.Page}  ({n.File})").Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Pages linked by a name no page has:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void Every_link_by_page_name_gives_the_values_its_route_needs()
    {
        var required = RequiredValues();
        var named = PageNamesInSource();
        Assert.Contains(named, n => n.Values.Count > 0);

        var short_ = named
            .Where(n => required.ContainsKey(n.Page) && !n.SelfRedirect)
            .Select(n => (n, Missing: required[n.Page].Where(v => !n.Values.Contains(v, StringComparer.OrdinalIgnoreCase)).ToList()))
            .Where(x => x.Missing.Count > 0)
            .Select(x => $"{x.n.Page} without {string.Join(", ", x.Missing)}  ({x.n.File})")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(short_.Count == 0, "Links by page name that leave out a value the page's route needs (they render href=\"\"):\n  " + string.Join("\n  ", short_));
    }

    [Fact]
    public void Every_menu_entry_names_a_page_of_the_site()
    {
        var entries = site.Services.GetRequiredService<Menus>().RegisteredEntries();
        Assert.True(entries.Count > 30, $"Only {entries.Count} menu entries registered.");
        var dead = entries.Where(e => e.Url is null).Select(e => $"{e.Text}: {e.Page}").ToList();
        Assert.True(dead.Count == 0, "Menu entries naming no page:\n  " + string.Join("\n  ", dead));
    }

    [Fact]
    public async Task The_main_pages_of_every_role_render_no_empty_link()
    {
        var email = $"links-{Guid.NewGuid():N}@example.gov.uk";
        var organisation = Guid.NewGuid();
        await site.CreatePersonAsync(email, Roles.All, p => p.OrganisationId = organisation, twoFactor: true);
        var person = site.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await person.SignInAsync(email, People.Password)).StatusCode);
        var visitor = site.CreateBrowserLikeClient();

        var problems = new List<string>();
        foreach (var (client, path) in MainPages.Select(p => (visitor, p)).Concat(SignedInPages.Select(p => (person, p))))
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            problems.AddRange(EmptyLinks(await response.Content.ReadAsStringAsync()).Select(p => $"{path}: {p}"));
        }

        Assert.True(problems.Count == 0, "Links that lead nowhere:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void An_empty_link_and_a_page_name_that_resolves_to_nothing_are_caught()
    {
        Assert.NotEmpty(EmptyLinks("""<a class="govuk-link" href="">Back</a>"""));
        Assert.NotEmpty(EmptyLinks("""<form method="post" action=""></form>"""));
        Assert.NotEmpty(EmptyLinks("""<a asp-page="/Admin/Index">Admin</a>"""));
        Assert.Empty(EmptyLinks("""<a class="govuk-link" href="/admin">Admin</a><form method="post"></form>"""));
        var links = site.Services.GetRequiredService<LinkGenerator>();
        Assert.Null(links.GetPathByPage("/No/Such/Page"));
        Assert.Null(links.GetPathByPage("/Portfolio/TaskList"));
        Assert.Equal("/portfolio/5f1a6c9e-0000-4000-8000-000000000001", links.GetPathByPage("/Portfolio/TaskList", values: new { id = Guid.Parse("5f1a6c9e-0000-4000-8000-000000000001") }));
    }

    [Fact]
    public void Pages_linked_by_name_keep_the_addresses_they_had_as_paths()
    {
        var links = site.Services.GetRequiredService<LinkGenerator>();
        var id = Guid.Parse("5f1a6c9e-0000-4000-8000-000000000002");
        var other = Guid.Parse("5f1a6c9e-0000-4000-8000-000000000003");
        var expected = new (string Page, string? Handler, object? Values, string Path)[]
        {
            ("/Index", null, null, "/"),
            ("/Assessment/Question", null, new { id, position = 2 }, $"/assessment/sittings/{id}/2"),
            ("/Assessment/Review", null, new { id }, $"/assessment/sittings/{id}/review"),
            ("/Frameworks/VersionByNumber", null, new { key = "kss pl", number = 3 }, "/frameworks/kss%20pl/versions/3"),
            ("/Admin/Frameworks/Statement", null, new { key = "kss-pl", number = 3, statement = 4 }, "/admin/frameworks/kss-pl/versions/3/statements/4"),
            ("/Cpd/Year", null, new { year = "2025-26" }, "/cpd/years/2025-26"),
            ("/Admin/Menus/Edit", null, null, "/admin/menus/edit"),
            ("/Certificates/Certificate", null, new { code = "ABCD-EFGH-IJKL" }, "/certificates/ABCD-EFGH-IJKL"),
            ("/Portfolio/Upload", null, new { id, statement = other }, $"/portfolio/{id}/upload?statement={other}"),
            ("/Portfolio/Item", "Autosave", new { id, itemId = other }, $"/portfolio/{id}/items/{other}?handler=Autosave"),
            ("/Admin/People/Index", null, new { organisation = other }, $"/admin/people?organisation={other}"),
            ("/Admin/Privacy/Person", null, new { id = "a/b c" }, "/admin/privacy/people/a%2Fb%20c"),
            ("/Assessment/Bank/Index", "Json", null, "/assessment/bank?handler=Json"),
            ("/Cpd/Record", "RemoveFile", new { id, fileId = other }, $"/cpd/records/{id}?fileId={other}&handler=RemoveFile"),
        };

        foreach (var (page, handler, values, path) in expected)
        {
            Assert.Equal(path, links.GetPathByPage(page, handler, values));
        }
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

    /// <summary>Fewer path links than this means the patterns no longer find them (most links are by page name now).</summary>
    private const int LinksAtLeast = 15;

    /// <summary>Fewer page names than this means the patterns no longer find them.</summary>
    private const int NamedAtLeast = 300;

    /// <summary>Pages a visitor sees.</summary>
    private static readonly string[] MainPages = ["/", "/account/sign-in", "/research", "/updates", "/frameworks", "/search?q=supervision"];

    /// <summary>The main page of each role's area, for a person holding every role.</summary>
    private static readonly string[] SignedInPages =
    [
        "/", "/account", "/portfolio", "/cpd", "/assessment", "/results", "/endorsements", "/marking", "/marking/lead",
        "/research/saved", "/admin", "/admin/people", "/admin/organisations", "/admin/frameworks", "/admin/programmes",
        "/admin/publishing", "/admin/menus", "/admin/research", "/admin/email", "/admin/privacy", "/organisation/portfolios",
        "/assessment/bank", "/assessment/lead", "/admin/certificates", "/admin/clients",
    ];

    /// <summary>Anchors and forms whose address is empty or missing, and tag helper attributes left unrendered (no tag helper imported).</summary>
    private static IEnumerable<string> EmptyLinks(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("a, form, button[formaction]"))
        {
            var attribute = element.LocalName switch { "a" => "href", "form" => "action", _ => "formaction" };
            var value = element.GetAttribute(attribute);
            if (element.Attributes.Any(a => a.Name.StartsWith("asp-", StringComparison.Ordinal)))
            {
                yield return $"unrendered {element.OuterHtml[..Math.Min(120, element.OuterHtml.Length)]}";
            }
            else if ((element.LocalName != "form" && string.IsNullOrWhiteSpace(value)) || (value is not null && value.Trim().Length == 0))
            {
                yield return $"empty {attribute}: {element.OuterHtml[..Math.Min(120, element.OuterHtml.Length)]}";
            }
        }
    }

    /// <summary>Each page's route values that its template requires (not optional, not a catch-all).</summary>
    private Dictionary<string, List<string>> RequiredValues() =>
        site.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<PageActionDescriptor>()
            .Where(p => p.AttributeRouteInfo?.Template is not null)
            .GroupBy(p => p.ViewEnginePath, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => TemplateParser.Parse(g.First().AttributeRouteInfo!.Template!).Parameters
                    .Where(p => !p.IsOptional && !p.IsCatchAll)
                    .Select(p => p.Name!)
                    .ToList(),
                StringComparer.Ordinal);

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

    /// <summary>
    /// Every page name in the source, with the route values given beside it: asp-route-* on the same tag, the members of
    /// the anonymous object passed to RedirectToPage or Url.Page. A page redirecting to itself may rely on its own route
    /// values (SelfRedirect).
    /// </summary>
    private static List<(string Page, IReadOnlyList<string> Values, bool SelfRedirect, string File)> PageNamesInSource()
    {
        var root = ModuleAssemblies.RepositoryRoot;
        var found = new List<(string, IReadOnlyList<string>, bool, string)>();
        foreach (var file in new[] { Path.Combine(root, "src"), Path.Combine(root, "themes") }
            .SelectMany(f => Directory.EnumerateFiles(f, "*.cs*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            var relative = Path.GetRelativePath(root, file);
            // "Pages/Portfolio/Item.cshtml.cs" is the page "/Portfolio/Item".
            var pagesAt = relative.Replace('\\', '/').IndexOf("/Pages/", StringComparison.Ordinal);
            var ownPage = pagesAt < 0 ? null : relative.Replace('\\', '/')[(pagesAt + 6)..].Replace(".cshtml.cs", "", StringComparison.Ordinal);
            foreach (Match m in PageName().Matches(text))
            {
                var page = m.Groups["page"].Value;
                var rest = text[(m.Index + m.Length + 1)..]; // after the page name's closing quote
                IReadOnlyList<string> values;
                if (m.Value.StartsWith("asp-page", StringComparison.Ordinal))
                {
                    // The rest of the tag: the attributes written after asp-page on the same line.
                    var line = rest.IndexOfAny(['\n', '\r']) is var end and >= 0 ? rest[..end] : rest;
                    var close = line.IndexOf("</", StringComparison.Ordinal);
                    values = RouteAttribute().Matches(close >= 0 ? line[..close] : line).Select(a => a.Groups["name"].Value).ToList();
                }
                else
                {
                    // Url.Page("/Page", "Handler", new { ... }) names a handler before the values.
                    values = ValuesFollow().Match(rest) is { Success: true } given
                        ? AnonymousMembers(rest[(given.Index + given.Length)..])
                        : [];
                }

                found.Add((page, values, m.Value.StartsWith("RedirectToPage", StringComparison.Ordinal) && page == ownPage, relative));
            }
        }

        return found;
    }

    /// <summary>The member names of an anonymous object whose body starts the text ("id, position = position + 1 }").</summary>
    private static List<string> AnonymousMembers(string body)
    {
        var members = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' || (c == '}' && depth > 0))
            {
                depth--;
            }
            else if ((c == ',' && depth == 0) || (c == '}' && depth == 0))
            {
                var part = body[start..i].Trim();
                var name = part.Contains('=') ? part[..part.IndexOf('=')].Trim() : part[(part.LastIndexOf('.') + 1)..].Trim();
                if (name.Length > 0)
                {
                    members.Add(name);
                }

                if (c == '}')
                {
                    break;
                }

                start = i + 1;
            }
        }

        return members;
    }

    // RedirectToPage("/Page"), asp-page="/Page", Url.Page("/Page"), menu entries (new AdminMenuItem("Text", "/Page", ...))
    // and the menus' own pages (AdminPage = "/Admin/Index").
    [GeneratedRegex("""(?:RedirectToPage\(|Url\.Page\(|asp-page=|Page: |Page = |(?:AdminMenuItem|NavigationItem)\("[^"]*", )"(?<page>/[^"]*)""")]
    private static partial Regex PageName();

    [GeneratedRegex("""^(?:, "[^"]*")?, new \{""")]
    private static partial Regex ValuesFollow();

    [GeneratedRegex("""asp-route-(?<name>[\w]+)=""")]
    private static partial Regex RouteAttribute();

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

    // Redirect("/..."), LocalRedirect($"/..."), Link("/...") (emails and editors' menu links) and href in code.
    [GeneratedRegex("""(?:Redirect|LocalRedirect|RedirectPermanent|Link|Url)\(\$?@?"(?:[^"]*", \$?")?(?<path>/[^"]*)"|href=\\?"(?<path>/[^"\\]*)""")]
    private static partial Regex CodeLink();

    [GeneratedRegex("""@\((?:[^()]|\([^()]*\))*\)|@[A-Za-z_][\w.]*(?:\([^)]*\))?""")]
    private static partial Regex RazorValue();

    [GeneratedRegex("""\{[^}]*\}""")]
    private static partial Regex InterpolatedValue();
}
