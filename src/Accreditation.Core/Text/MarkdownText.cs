using System.Text.RegularExpressions;
using Accreditation.Core.Web;
using Ganss.Xss;
using Markdig;

namespace Accreditation.Core.Text;

/// <summary>
/// Renders a candidate's Markdown to safe HTML (raw HTML disabled, links under the site's link rule in <see cref="Links"/>,
/// then sanitised) and counts words.
/// </summary>
public static partial class MarkdownText
{
    /// <summary>The pipeline evidence is written in (also used to check its links when saved).</summary>
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseListExtras()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>The text as sanitised HTML with GOV.UK classes on the common elements.</summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var html = Links.ToHtml(markdown, Pipeline);
        html = Sanitizer.Sanitize(html);
        return html
            .Replace("<p>", "<p class=\"govuk-body\">", StringComparison.Ordinal)
            .Replace("<ul>", "<ul class=\"govuk-list govuk-list--bullet\">", StringComparison.Ordinal)
            .Replace("<ol>", "<ol class=\"govuk-list govuk-list--number\">", StringComparison.Ordinal)
            .Replace("<a href=", "<a class=\"govuk-link\" rel=\"noopener noreferrer nofollow\" href=", StringComparison.Ordinal);
    }

    /// <summary>Words in the text (runs of letters or digits).</summary>
    public static int WordCount(string? text) => string.IsNullOrWhiteSpace(text) ? 0 : Word().Count(text);

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.Clear();
        foreach (var tag in new[] { "p", "br", "strong", "em", "del", "ul", "ol", "li", "blockquote", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "a", "hr" })
        {
            sanitizer.AllowedTags.Add(tag);
        }

        sanitizer.AllowedAttributes.Clear();
        sanitizer.AllowedAttributes.Add("href");
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.FilterUrl += (_, e) => e.SanitizedUrl = Links.Href(e.OriginalUrl, allowSitePaths: true, allowRelative: true);
        sanitizer.AllowedCssProperties.Clear();
        return sanitizer;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
