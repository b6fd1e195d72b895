using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Accreditation.Core.Web;

/// <summary>
/// The one rule for links a person or an import supplies and the site renders: http, https, mailto and doi only (a doi:
/// link is rendered as https://doi.org/...), plus paths on this site where the field allows them. Forms and imports
/// refuse anything else with <see cref="Problem"/>; everything rendered goes through <see cref="Href"/> (or
/// <see cref="ToHtml"/> for Markdown) as a second line of defence, so a javascript:, data: or vbscript: link that got
/// into the database some other way is shown as text, never as a link.
/// </summary>
public static partial class Links
{
    /// <summary>The schemes a link may have.</summary>
    public static readonly IReadOnlyList<string> Schemes = ["https", "http", "mailto", "doi"];

    /// <summary>What a refused link is told, in the words of a form's error message.</summary>
    public const string Rule = "Enter a link starting with https://, http://, mailto: or doi:";

    /// <summary>Where a doi: link goes.</summary>
    public const string DoiResolver = "https://doi.org/";

    /// <summary>
    /// The href to render for <paramref name="link"/>, or null when it must not be a link: a doi: link becomes its
    /// https://doi.org/ address; a path on this site ("/research", "#part") is kept only when <paramref name="allowSitePaths"/>,
    /// and any other reference without a scheme ("figure.png") only when <paramref name="allowRelative"/> (Markdown).
    /// </summary>
    public static string? Href(string? link, bool allowSitePaths = false, bool allowRelative = false) => Read(link, allowSitePaths, allowRelative).Href;

    /// <summary>Why a link supplied by a person or an import is refused (a sentence to show), or null when it is allowed.</summary>
    public static string? Problem(string? link, bool allowSitePaths = false) => string.IsNullOrWhiteSpace(link) ? null : Read(link, allowSitePaths, allowRelative: false).Problem;

    /// <summary>The links (and image sources) in Markdown that <see cref="Href"/> would not render, each with why.</summary>
    public static IReadOnlyList<(string Link, string Problem)> ProblemsIn(string? markdown, MarkdownPipeline pipeline)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return [];
        }

        var problems = new List<(string, string)>();
        var document = Markdown.Parse(markdown, pipeline);
        foreach (var url in LinksOf(document))
        {
            if (Read(url, allowSitePaths: true, allowRelative: true).Problem is { } problem)
            {
                problems.Add((url, problem));
            }
        }

        return problems.DistinctBy(p => p.Item1).ToList();
    }

    /// <summary>
    /// Renders Markdown to HTML with every link and image source passed through <see cref="Href"/>: doi: links point at
    /// https://doi.org/, and a link that is not allowed keeps its text but is no link. Callers still sanitise the HTML.
    /// </summary>
    public static string ToHtml(string? markdown, MarkdownPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var document = Markdown.Parse(markdown ?? "", pipeline);
        Neutralise(document);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>Rewrites the links of a parsed Markdown document in place (see <see cref="ToHtml"/>).</summary>
    public static void Neutralise(MarkdownDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (Href(link.Url, allowSitePaths: true, allowRelative: true) is { } href)
            {
                link.Url = href;
                continue;
            }

            // Keep what the reader sees (the link's text, an image's description), drop where it pointed: the children move
            // to a plain container, which renders them and nothing else.
            link.ReplaceBy(new ContainerInline(), copyChildren: true);
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (autolink.IsEmail)
            {
                continue;
            }

            if (Href(autolink.Url) is { } href)
            {
                autolink.Url = href;
            }
            else
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }
    }

    // Every URL a Markdown document would render: links, images, autolinks and href/src attributes of raw HTML.
    private static IEnumerable<string> LinksOf(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>())
        {
            yield return link.Url ?? "";
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().Where(a => !a.IsEmail))
        {
            yield return autolink.Url;
        }

        var html = new StringBuilder();
        foreach (var inline in document.Descendants<HtmlInline>())
        {
            html.Append(inline.Tag).Append('\n');
        }

        foreach (var block in document.Descendants<HtmlBlock>())
        {
            html.Append(block.Lines.ToString()).Append('\n');
        }

        foreach (Match match in HtmlUrl().Matches(html.ToString()))
        {
            yield return System.Net.WebUtility.HtmlDecode(match.Groups["url"].Value);
        }
    }

    private static (string? Href, string? Problem) Read(string? link, bool allowSitePaths, bool allowRelative)
    {
        // As browsers read a URL: leading and trailing controls and spaces go, and tabs and newlines anywhere, so
        // "java\tscript:" is the javascript: it would be in a browser.
        var text = Tidy(link);
        if (text.Length == 0)
        {
            return (null, Rule);
        }

        if (text.Length > 2000)
        {
            return (null, "Enter a link of 2,000 characters or fewer");
        }

        var scheme = Scheme().Match(text);
        if (!scheme.Success)
        {
            // No scheme: a reference on this site, unless it starts "//" (another host) or holds a backslash (which
            // browsers read as a slash).
            var offSite = text.StartsWith("//", StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal);
            var sitePath = !offSite && text[0] is '/' or '#';
            return (!offSite && ((sitePath && allowSitePaths) || allowRelative))
                ? (text, null)
                : (null, allowSitePaths ? "Enter a path on this site starting with a single /, or " + Rule[6..] : $"{Rule}, for example https://www.example.org/guide");
        }

        var name = scheme.Groups["scheme"].Value.ToLowerInvariant();
        var rest = text[scheme.Length..];
        switch (name)
        {
            case "https" or "http":
                return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Host.Length > 0 && uri.UserInfo.Length == 0 && rest.StartsWith("//", StringComparison.Ordinal)
                    ? (text, null)
                    : (null, $"{Rule}, for example https://www.example.org/guide (this is not a complete web address)");
            case "mailto":
                return rest.Contains('@', StringComparison.Ordinal) && !rest.Any(char.IsWhiteSpace)
                    ? (text, null)
                    : (null, "Enter an email link like mailto:name@example.gov.uk");
            case "doi":
                var doi = rest.TrimStart('/');
                return doi.StartsWith("10.", StringComparison.Ordinal) && doi.Contains('/', StringComparison.Ordinal) && !doi.Any(char.IsWhiteSpace)
                    ? (DoiResolver + Uri.EscapeDataString(doi).Replace("%2F", "/", StringComparison.Ordinal), null)
                    : (null, "Enter a DOI link like doi:10.1111/cfs.12345");
            default:
                return (null, $"Links starting with {name}: are not allowed. {Rule}");
        }
    }

    private static string Tidy(string? link)
    {
        if (link is null)
        {
            return "";
        }

        var text = new StringBuilder(link.Length);
        foreach (var c in link.AsSpan().Trim("\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f "))
        {
            if (c is not ('\t' or '\n' or '\r'))
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    // A scheme as URLs define it: a letter, then letters, digits, "+", "-" or ".", then ":".
    [GeneratedRegex("^(?<scheme>[A-Za-z][A-Za-z0-9+.\\-]*):", RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();

    [GeneratedRegex("""(?:href|src|action|formaction|xlink:href)\s*=\s*(?:"(?<url>[^"]*)"|'(?<url>[^']*)'|(?<url>[^\s>]+))""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlUrl();
}
