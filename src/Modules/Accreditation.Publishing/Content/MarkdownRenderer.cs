using Accreditation.Core.Web;
using Ganss.Xss;
using Markdig;

namespace Accreditation.Publishing.Content;

/// <summary>
/// Turns an author's Markdown into HTML safe to show: Markdig renders with every link under the site's link rule
/// (<see cref="Links"/>), then HtmlSanitizer removes scripts, handlers and any link raw HTML slipped in.
/// </summary>
public sealed class MarkdownRenderer
{
    /// <summary>The pipeline bodies are written in (also used to check their links when saved).</summary>
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().Build();

    private readonly HtmlSanitizer sanitizer = CreateSanitizer();

    /// <summary>Sanitised HTML for the Markdown.</summary>
    public string ToHtml(string markdown) => sanitizer.Sanitize(Links.ToHtml(markdown ?? "", Pipeline));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.FilterUrl += (_, e) => e.SanitizedUrl = Links.Href(e.OriginalUrl, allowSitePaths: true, allowRelative: true);
        return sanitizer;
    }
}
