using System.Security.Cryptography;
using System.Text;
using AngleSharp.Dom;
using Accreditation.Core.Text;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.CustomContainers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.Extensions.Caching.Memory;

namespace Accreditation.Publishing.Content;

/// <summary>A section heading of a rendered body: its text and the id the contents list links to.</summary>
public sealed record Section(string Id, string Text);

/// <summary>A rendered body: sanitised HTML and its level-2 sections, in order (the contents list of a long page).</summary>
public sealed record RenderedBody(string Html, IReadOnlyList<Section> Sections)
{
    /// <summary>A page with this many sections or more shows a contents list.</summary>
    public const int ContentsFrom = 3;

    /// <summary>Whether the page shows a contents list.</summary>
    public bool HasContents => Sections.Count >= ContentsFrom;
}

/// <summary>
/// Turns an author's Markdown into HTML safe to show, styled as GOV.UK: the site's one Markdown rule
/// (<see cref="SafeMarkdown"/>) plus the GOV.UK components written as blocks (<c>::: inset</c>, <c>::: warning</c>,
/// <c>::: details Summary</c>, each closed by <c>:::</c>; tables in pipe syntax) and the sections of long pages.
/// Sanitising is most of a page's or a feed's work, and a published body is read far more often than it changes, so a
/// rendered body is remembered by a SHA-256 of its Markdown: a changed body is a new key and is rendered at once, and
/// nothing needs clearing (each node keeps its own; bounded by the characters of HTML held).
/// </summary>
public sealed class MarkdownRenderer : IDisposable
{
    /// <summary>Characters of rendered HTML remembered at most (about 16 MB); the least recently used go first.</summary>
    public const long CacheCharacters = 8_000_000;

    private readonly MemoryCache rendered = new(new MemoryCacheOptions { SizeLimit = CacheCharacters, CompactionPercentage = 0.25 });
    private long renders;

    /// <summary>The pipeline bodies are written in (also used to check their links when saved).</summary>
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoLinks()
        .UseCustomContainers()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .Build();

    /// <summary>What each block name becomes, for the editor's help.</summary>
    public static readonly IReadOnlyList<(string Syntax, string Component)> Components =
    [
        ("::: inset", "inset text"),
        ("::: warning", "warning text"),
        ("::: details Summary line", "details (opens to show more)"),
    ];

    private readonly SafeMarkdown renderer = new(Pipeline, new SafeMarkdownOptions
    {
        ExtraTags = ["details", "summary"],
        // Headings keep the ids the contents list links to; the component renderer marks blocks for Style.
        ExtraAttributes = ["id", "data-app-component"],
        SetUpRenderer = r => r.ObjectRenderers.Insert(0, new ComponentRenderer()),
        Style = Style,
    });

    /// <summary>Sanitised HTML for the Markdown.</summary>
    public string ToHtml(string markdown) => Render(markdown).Html;

    /// <summary>How many bodies have been rendered rather than found already rendered (for tests and benchmarks).</summary>
    public long Renders => Interlocked.Read(ref renders);

    /// <summary>Sanitised HTML for the Markdown with its sections (level-2 headings).</summary>
    public RenderedBody Render(string? markdown)
    {
        markdown ??= "";
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(markdown)));
        if (rendered.TryGetValue(key, out RenderedBody? known) && known is not null)
        {
            return known;
        }

        Interlocked.Increment(ref renders);
        var body = RenderNow(markdown);
        rendered.Set(key, body, new MemoryCacheEntryOptions { Size = Math.Max(1, body.Html.Length), SlidingExpiration = TimeSpan.FromHours(2) });
        return body;
    }

    /// <inheritdoc />
    public void Dispose() => rendered.Dispose();

    private RenderedBody RenderNow(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var sections = document.Descendants<HeadingBlock>()
            .Where(h => h.Level == 2 && h.GetAttributes().Id is { Length: > 0 })
            .Select(h => new Section(h.GetAttributes().Id!, InlineText(h)))
            .ToList();
        return new RenderedBody(renderer.ToHtml(document), sections.AsReadOnly());
    }

    // The heading's words as plain text (encoded where it is shown).
    private static string InlineText(HeadingBlock heading) =>
        heading.Inline is null ? "" : string.Concat(heading.Inline.Descendants<Inline>().Select(i => i switch
        {
            LiteralInline literal => literal.Content.ToString(),
            CodeInline code => code.Content,
            _ => "",
        })).Trim();

    // The component markup of govuk-frontend, applied to the elements the component renderer marked.
    private static bool Style(IElement element)
    {
        if (element.GetAttribute("data-app-component") is not { } component)
        {
            return false;
        }

        element.RemoveAttribute("data-app-component");
        switch (component)
        {
            case "inset":
                element.ClassName = "govuk-inset-text";
                break;
            case "warning":
                element.ClassName = "govuk-warning-text";
                break;
            case "warning-icon":
                element.ClassName = "govuk-warning-text__icon";
                element.SetAttribute("aria-hidden", "true");
                break;
            case "warning-text":
                element.ClassName = "govuk-warning-text__text";
                break;
            case "hidden":
                element.ClassName = "govuk-visually-hidden";
                break;
            case "details":
                element.ClassName = "govuk-details";
                break;
            case "details-summary":
                element.ClassName = "govuk-details__summary";
                break;
            case "details-summary-text":
                element.ClassName = "govuk-details__summary-text";
                break;
            case "details-text":
                element.ClassName = "govuk-details__text";
                break;
        }

        return true;
    }

    /// <summary>Renders <c>::: name</c> blocks as GOV.UK components, marked for the sanitiser to style; unknown names as plain blocks.</summary>
    private sealed class ComponentRenderer : HtmlObjectRenderer<CustomContainer>
    {
        protected override void Write(HtmlRenderer renderer, CustomContainer block)
        {
            renderer.EnsureLine();
            switch (block.Info?.ToLowerInvariant())
            {
                case "inset":
                    renderer.Write("<div data-app-component=\"inset\">");
                    renderer.WriteChildren(block);
                    renderer.WriteLine("</div>");
                    break;
                case "warning":
                    renderer.Write("<div data-app-component=\"warning\"><span data-app-component=\"warning-icon\">!</span>");
                    renderer.Write("<div data-app-component=\"warning-text\"><span data-app-component=\"hidden\">Warning</span>");
                    renderer.WriteChildren(block);
                    renderer.WriteLine("</div></div>");
                    break;
                case "details":
                    renderer.Write("<details data-app-component=\"details\"><summary data-app-component=\"details-summary\"><span data-app-component=\"details-summary-text\">");
                    renderer.WriteEscape(string.IsNullOrWhiteSpace(block.Arguments) ? "More" : block.Arguments.Trim());
                    renderer.Write("</span></summary><div data-app-component=\"details-text\">");
                    renderer.WriteChildren(block);
                    renderer.WriteLine("</div></details>");
                    break;
                default:
                    renderer.Write("<div>");
                    renderer.WriteChildren(block);
                    renderer.WriteLine("</div>");
                    break;
            }
        }
    }
}
