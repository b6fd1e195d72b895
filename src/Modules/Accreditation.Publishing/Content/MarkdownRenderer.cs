using Ganss.Xss;
using Markdig;

namespace Accreditation.Publishing.Content;

/// <summary>Turns an author's Markdown into HTML safe to show: Markdig renders, HtmlSanitizer removes scripts and handlers.</summary>
public sealed class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().Build();
    private readonly HtmlSanitizer sanitizer = new();

    /// <summary>Sanitised HTML for the Markdown.</summary>
    public string ToHtml(string markdown) => sanitizer.Sanitize(Markdown.ToHtml(markdown ?? "", Pipeline));
}
