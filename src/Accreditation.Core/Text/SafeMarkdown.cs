using AngleSharp.Dom;
using Accreditation.Core.Web;
using Ganss.Xss;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;

namespace Accreditation.Core.Text;

/// <summary>What a <see cref="SafeMarkdown"/> allows beyond the common rule, and how it renders.</summary>
public sealed record SafeMarkdownOptions
{
    /// <summary>When set, the only elements kept (text someone wrote in a form); else HtmlSanitizer's safe defaults.</summary>
    public IReadOnlyList<string>? OnlyTags { get; init; }

    /// <summary>Elements allowed besides the defaults (for example details and summary for GOV.UK details).</summary>
    public IReadOnlyList<string> ExtraTags { get; init; } = [];

    /// <summary>Attributes allowed besides the defaults (for example id for headings a contents list links to).</summary>
    public IReadOnlyList<string> ExtraAttributes { get; init; } = [];

    /// <summary>Adds renderers of the caller's own blocks to the HTML renderer (after the pipeline's own set-up).</summary>
    public Action<HtmlRenderer>? SetUpRenderer { get; init; }

    /// <summary>
    /// Styles an element the caller's renderer marked (return true when it did); other elements get their GOV.UK class.
    /// Runs after sanitising, so it can only change what the sanitiser kept.
    /// </summary>
    public Func<IElement, bool>? Style { get; init; }
}

/// <summary>
/// The one way Markdown written by people becomes HTML the site shows: Markdig renders with every link under the site's
/// link rule (<see cref="Links"/>), HtmlSanitizer removes scripts, handlers, styles, the author's own classes and any
/// link raw HTML slipped in, and each kept element gets its GOV.UK class. Evidence, practice updates and pages, and
/// research full text differ only in their pipeline and <see cref="SafeMarkdownOptions"/>.
/// </summary>
public sealed class SafeMarkdown
{
    /// <summary>The GOV.UK Frontend class of each element written from Markdown.</summary>
    public static readonly IReadOnlyDictionary<string, string> GovukClasses = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["p"] = "govuk-body",
        ["h1"] = "govuk-heading-l",
        ["h2"] = "govuk-heading-m",
        ["h3"] = "govuk-heading-s",
        ["h4"] = "govuk-heading-s",
        ["ul"] = "govuk-list govuk-list--bullet",
        ["ol"] = "govuk-list govuk-list--number",
        ["a"] = "govuk-link",
        ["table"] = "govuk-table",
        ["thead"] = "govuk-table__head",
        ["tbody"] = "govuk-table__body",
        ["tr"] = "govuk-table__row",
        ["th"] = "govuk-table__header",
        ["td"] = "govuk-table__cell",
        ["hr"] = "govuk-section-break govuk-section-break--m govuk-section-break--visible",
    };

    private readonly HtmlSanitizer sanitizer;
    private readonly SafeMarkdownOptions options;

    /// <summary>A renderer for text written in <paramref name="pipeline"/>.</summary>
    public SafeMarkdown(MarkdownPipeline pipeline, SafeMarkdownOptions? options = null)
    {
        Pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        this.options = options ?? new SafeMarkdownOptions();
        sanitizer = CreateSanitizer(this.options);
    }

    /// <summary>The pipeline text is written in (also used to check its links when saved: <see cref="Links.ProblemsIn"/>).</summary>
    public MarkdownPipeline Pipeline { get; }

    /// <summary>The text as safe HTML; empty for no text.</summary>
    public string ToHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : ToHtml(Markdown.Parse(markdown, Pipeline));

    /// <summary>A parsed document (of <see cref="Pipeline"/>) as safe HTML, for callers that read the document too.</summary>
    public string ToHtml(MarkdownDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Links.Neutralise(document);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        options.SetUpRenderer?.Invoke(renderer);
        renderer.Render(document);
        writer.Flush();
        return sanitizer.Sanitize(writer.ToString());
    }

    private static HtmlSanitizer CreateSanitizer(SafeMarkdownOptions options)
    {
        var sanitizer = new HtmlSanitizer();
        if (options.OnlyTags is { } only)
        {
            sanitizer.AllowedTags.Clear();
            sanitizer.AllowedAttributes.Clear();
            sanitizer.AllowedAttributes.Add("href");
            sanitizer.AllowedSchemes.Clear();
            sanitizer.AllowedSchemes.Add("https");
            sanitizer.AllowedSchemes.Add("http");
            foreach (var tag in only)
            {
                sanitizer.AllowedTags.Add(tag);
            }
        }

        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedCssProperties.Clear();
        foreach (var tag in options.ExtraTags)
        {
            sanitizer.AllowedTags.Add(tag);
        }

        foreach (var attribute in options.ExtraAttributes)
        {
            sanitizer.AllowedAttributes.Add(attribute);
        }

        sanitizer.FilterUrl += (_, e) => e.SanitizedUrl = Links.Href(e.OriginalUrl, allowSitePaths: true, allowRelative: true);
        // Classes are the service's, never the author's: whatever an author's raw HTML claims is dropped, then styled.
        sanitizer.AllowedAttributes.Remove("class");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element || options.Style?.Invoke(element) == true)
            {
                return;
            }

            if (GovukClasses.TryGetValue(element.LocalName, out var css))
            {
                element.ClassName = css;
            }

            if (element.LocalName == "th" && element.ParentElement?.ParentElement?.LocalName == "thead")
            {
                element.SetAttribute("scope", "col");
            }
            else if (element.LocalName == "a")
            {
                // Links in what people wrote never pass the reader's session or standing on to another site.
                element.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        return sanitizer;
    }
}
