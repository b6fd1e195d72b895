using Accreditation.Core.Web;
using Markdig;

namespace Accreditation.Core.Tests;

/// <summary>The site's one link rule: https, http, mailto and doi (as https://doi.org/), read as a browser reads a URL.</summary>
public sealed class LinksTests
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAutoLinks().Build();

    [Theory]
    [InlineData("https://www.example.org/guide?a=1&b=2", "https://www.example.org/guide?a=1&b=2")]
    [InlineData("  HTTP://example.org/x ", "HTTP://example.org/x")]
    [InlineData("mailto:library@example.gov.uk", "mailto:library@example.gov.uk")]
    [InlineData("doi:10.1111/cfs.12345", "https://doi.org/10.1111/cfs.12345")]
    [InlineData("DOI:10.1002/(SICI)1099-0852", "https://doi.org/10.1002/%28SICI%291099-0852")]
    public void Allowed_links_are_rendered_and_doi_links_point_at_doi_org(string link, string href)
    {
        Assert.Null(Links.Problem(link));
        Assert.Equal(href, Links.Href(link));
    }

    [Theory]
    [InlineData("javascript:alert(1)", "javascript")]
    [InlineData(" JaVaScRiPt:alert(1)", "javascript")]
    [InlineData("java\tscript:alert(1)", "javascript")]
    [InlineData("java\nscript:alert(1)", "javascript")]
    [InlineData("\u0001javascript:alert(1)", "javascript")]
    [InlineData("data:text/html;base64,PHNjcmlwdD4=", "data")]
    [InlineData("vbscript:msgbox(1)", "vbscript")]
    [InlineData("file:///etc/passwd", "file")]
    public void Other_schemes_are_refused_by_name_and_never_rendered(string link, string scheme)
    {
        Assert.Contains($"Links starting with {scheme}: are not allowed", Links.Problem(link), StringComparison.Ordinal);
        Assert.Null(Links.Href(link));
        Assert.Null(Links.Href(link, allowSitePaths: true, allowRelative: true));
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example/x")]
    [InlineData("www.example.org")]
    [InlineData("https:evil.example")]
    [InlineData("https://user@evil.example/")]
    [InlineData("mailto:")]
    [InlineData("doi:not-a-doi")]
    public void Incomplete_or_off_site_addresses_are_refused(string link)
    {
        Assert.NotNull(Links.Problem(link, allowSitePaths: true));
        Assert.Null(Links.Href(link, allowSitePaths: true));
    }

    [Fact]
    public void Site_paths_are_allowed_only_where_the_field_allows_them()
    {
        Assert.Equal("/research/items/1", Links.Href("/research/items/1", allowSitePaths: true));
        Assert.Null(Links.Href("/research/items/1"));
        Assert.NotNull(Links.Problem("/research/items/1"));
        Assert.Equal("figure.png", Links.Href("figure.png", allowSitePaths: true, allowRelative: true));
        Assert.Null(Links.Href("figure.png", allowSitePaths: true));
    }

    [Fact]
    public void Markdown_keeps_the_text_of_a_refused_link_and_points_doi_links_at_doi_org()
    {
        const string text = "[one](javascript:alert(1)) [two](javascript&#58;alert(2)) <vbscript:msgbox(3)> ![four](data:image/png;base64,AA==) " +
            "[paper](doi:10.5555/x.1) [site](/research) <https://example.org/a> [mail](mailto:a@example.gov.uk)";

        var html = Links.ToHtml(text, Markdown);

        var targets = System.Text.RegularExpressions.Regex.Matches(html, "(?:href|src)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["https://doi.org/10.5555/x.1", "/research", "https://example.org/a", "mailto:a@example.gov.uk"], targets);
        Assert.Contains("one two", html, StringComparison.Ordinal); // the refused links' words stay, as text
        Assert.Equal(["javascript:alert(1)", "javascript:alert(2)", "data:image/png;base64,AA==", "vbscript:msgbox(3)"], Links.ProblemsIn(text, Markdown).Select(p => p.Link));
        Assert.Equal(["javascript:alert(9)"], Links.ProblemsIn("<a href=\"javascript&#58;alert(9)\">x</a>", Markdown).Select(p => p.Link));
    }
}
