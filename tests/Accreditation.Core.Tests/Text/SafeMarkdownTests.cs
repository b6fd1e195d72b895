using Accreditation.Core.Text;
using Markdig;

namespace Accreditation.Core.Tests.Text;

/// <summary>The one Markdown rule: links under the site's link rule, scripts and the author's own classes gone, GOV.UK classes given.</summary>
public sealed class SafeMarkdownTests
{
    private static readonly SafeMarkdown WithHtml = new(new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().Build());

    [Fact]
    public void Raw_html_keeps_its_text_but_loses_scripts_handlers_styles_and_the_authors_classes()
    {
        var html = WithHtml.ToHtml("""
            Hello <span class="govuk-button" style="color:red" onclick="steal()">there</span>

            <script>alert(1)</script><a href="javascript:alert(2)">click</a>
            """);

        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("govuk-button", html, StringComparison.Ordinal);
        Assert.Contains("there", html, StringComparison.Ordinal);
        Assert.Contains("click", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Elements_get_their_govuk_classes_and_links_do_not_pass_the_reader_on()
    {
        var html = WithHtml.ToHtml("""
            ## Findings

            See [the guide](doi:10.1111/cfs.12345).

            | Age | Count |
            |-----|-------|
            | 12  | 3     |
            """);

        Assert.Contains("<h2 class=\"govuk-heading-m\">Findings</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"govuk-body\">", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://doi.org/10.1111/cfs.12345\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"govuk-table\">", html, StringComparison.Ordinal);
        Assert.Contains("<th class=\"govuk-table__header\" scope=\"col\">Age</th>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_keeps_only_the_elements_it_allows()
    {
        var html = MarkdownText.ToHtml("**Strong** and ![a child's photo](https://example.org/p.png)\n\n- one");

        Assert.Contains("<strong>Strong</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<ul class=\"govuk-list govuk-list--bullet\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Equal("", MarkdownText.ToHtml("  "));
    }
}
