using System.Text.RegularExpressions;
using Markdig;

namespace Accreditation.Core.Text;

/// <summary>
/// Renders a candidate's Markdown to safe HTML (raw HTML disabled, then <see cref="SafeMarkdown"/> with only the elements
/// evidence needs) and counts words.
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

    private static readonly SafeMarkdown Renderer = new(Pipeline, new SafeMarkdownOptions
    {
        OnlyTags = ["p", "br", "strong", "em", "del", "ul", "ol", "li", "blockquote", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "a", "hr"],
    });

    /// <summary>The text as sanitised HTML with GOV.UK classes on the common elements.</summary>
    public static string ToHtml(string? markdown) => Renderer.ToHtml(markdown);

    /// <summary>Words in the text (runs of letters or digits).</summary>
    public static int WordCount(string? text) => string.IsNullOrWhiteSpace(text) ? 0 : Word().Count(text);

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
