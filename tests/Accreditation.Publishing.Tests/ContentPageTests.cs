using System.Net;
using Accreditation.Core.Data;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Tests;

/// <summary>Pages grown up: GOV.UK components, contents lists, parents and breadcrumbs, take-down, compare and restore, preview, old slugs.</summary>
public sealed class ContentPageTests(PublishingSite site) : IClassFixture<PublishingSite>
{
    private static PublicationDraft Page(string title, string body = "Some guidance.", Guid? parent = null, DateTimeOffset? unpublishAt = null) =>
        new(PublicationKind.Page, $"{title} {Guid.NewGuid():N}"[..Math.Min(title.Length + 9, 200)], "A summary.", body, "", "", AudienceKind.Public, null, null, false,
            ParentId: parent, UnpublishAt: unpublishAt);

    [Fact]
    public void Guidance_components_render_as_govuk_markup()
    {
        var html = new MarkdownRenderer().ToHtml("""
            ::: inset
            It takes about 12 weeks.
            :::

            ::: warning
            Declare any conflict of interest.
            :::

            ::: details What counts as evidence
            Written reflections.
            :::

            | Step | When |
            | --- | --- |
            | Submit | By 31 March |
            """);
        var document = Accreditation.Testing.Pages.Parse(html);

        Assert.Contains("It takes about 12 weeks.", document.QuerySelector("div.govuk-inset-text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", document.QuerySelector(".govuk-warning-text .govuk-warning-text__icon")!.GetAttribute("aria-hidden"));
        Assert.Contains("Declare any conflict", document.QuerySelector(".govuk-warning-text .govuk-warning-text__text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("What counts as evidence", document.QuerySelector("details.govuk-details summary.govuk-details__summary .govuk-details__summary-text")!.TextContent);
        Assert.Contains("Written reflections.", document.QuerySelector("details.govuk-details .govuk-details__text")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector("table.govuk-table thead.govuk-table__head tr.govuk-table__row th.govuk-table__header[scope=col]"));
        Assert.Equal("By 31 March", document.QuerySelectorAll("tbody.govuk-table__body td.govuk-table__cell")[1].TextContent);
    }

    [Fact]
    public void A_body_is_rendered_once_while_it_is_unchanged_and_again_as_soon_as_it_changes()
    {
        using var renderer = new MarkdownRenderer();
        const string body = "## Supervision\n\nReflect **together**.\n\n<script>alert(1)</script>";

        var first = renderer.Render(body);
        var again = renderer.Render(body);
        var changed = renderer.Render(body.Replace("together", "with your team", StringComparison.Ordinal));

        Assert.Same(first, again);
        Assert.Contains("<strong>with your team</strong>", changed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("together", changed.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", changed.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, renderer.Renders);
        Assert.Equal("", renderer.ToHtml(null!));
        Assert.Equal(3, renderer.Renders);
    }

    [Fact]
    public void Script_in_markdown_titles_and_alt_text_are_neutralised()
    {
        var html = new MarkdownRenderer().ToHtml("""
            <script>alert('s')</script>

            [a link](https://example.org "title\" onmouseover=\"alert(1)")

            ![alt" onerror="alert(2)](/media/x.png "pic\" onload=\"alert(3)")

            <div class="govuk-visually-hidden" onclick="alert(4)">raw</div>

            ::: details <img src=x onerror=alert(5)>
            body
            :::

            ## <script>alert(6)</script> Heading
            """);
        var document = Accreditation.Testing.Pages.Parse(html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal("title\" onmouseover=\"alert(1)", document.QuerySelector("a.govuk-link")!.GetAttribute("title"));
        Assert.Equal("alt\" onerror=\"alert(2)", document.QuerySelector("img")!.GetAttribute("alt"));
        // An author's own classes are dropped: only the service styles its components.
        Assert.Null(document.QuerySelector(".govuk-visually-hidden"));
        Assert.Equal("<img src=x onerror=alert(5)>", document.QuerySelector(".govuk-details__summary-text")!.TextContent);
    }

    [Fact]
    public async Task A_long_page_shows_a_contents_list_and_a_child_page_shows_breadcrumbs_through_its_parents()
    {
        var parent = await site.PublishAsync(Page("Assessment handbook", "## Before\n\nText.\n\n## During\n\nText.\n\n## After the assessment\n\nText."));
        var child = await site.PublishAsync(Page("Marking", "Short page.", parent.Id));
        var grandchild = await site.PublishAsync(Page("Appeals", "Short page.", child.Id));
        var client = site.CreateBrowserLikeClient();

        var parentPage = await client.GetDocumentAsync($"/pages/{parent.Slug}");
        var grandchildPage = await client.GetDocumentAsync($"/pages/{grandchild.Slug}");
        var childPage = await client.GetDocumentAsync($"/pages/{child.Slug}");

        var contents = parentPage.QuerySelectorAll(".app-contents a").Select(a => (a.GetAttribute("href"), a.TextContent)).ToList();
        Assert.Equal([("#before", "Before"), ("#during", "During"), ("#after-the-assessment", "After the assessment")], contents);
        Assert.NotNull(parentPage.QuerySelector("h2#after-the-assessment"));
        Assert.Contains($"/pages/{child.Slug}", parentPage.QuerySelectorAll("nav[aria-labelledby=in-this-section] a").Select(a => a.GetAttribute("href")));
        Assert.Null(childPage.QuerySelector(".app-contents"));
        var crumbs = grandchildPage.QuerySelectorAll(".govuk-breadcrumbs__link").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/", $"/pages/{parent.Slug}", $"/pages/{child.Slug}"], crumbs);
    }

    [Fact]
    public async Task A_page_cannot_sit_under_itself_or_a_page_below_it()
    {
        var author = await site.NewPublisherAsync();
        var top = (await site.WorkflowAsync(w => w.CreateAsync(Page("Top"), author))).Id!.Value;
        var below = (await site.WorkflowAsync(w => w.CreateAsync(Page("Below", parent: top), author))).Id!.Value;
        var item = await site.ItemAsync(top);

        var result = await site.WorkflowAsync(w => w.EditAsync(top, item.Version, Page(item.Title, parent: below), author));
        var self = await site.WorkflowAsync(w => w.EditAsync(top, item.Version, Page(item.Title, parent: top), author));

        Assert.Contains(result.Errors, e => e.Field == "ParentId" && e.Message.Contains("below it", StringComparison.Ordinal));
        Assert.Contains(self.Errors, e => e.Field == "ParentId");
        Assert.Null((await site.ItemAsync(top)).ParentId);
    }

    [Fact]
    public async Task A_page_is_taken_down_at_its_time_and_not_before_and_the_take_down_is_in_its_history()
    {
        var page = await site.PublishAsync(Page("Seasonal", unpublishAt: site.Clock.GetUtcNow().AddDays(3)));
        var client = site.CreateBrowserLikeClient();

        site.Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await site.WorkflowAsync(w => w.UnpublishDueAsync()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/pages/{page.Slug}")).StatusCode);

        site.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await site.WorkflowAsync(w => w.UnpublishDueAsync()));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/pages/{page.Slug}")).StatusCode);
        var stored = await site.ItemAsync(page.Id);
        Assert.Equal(PublicationStatus.Archived, stored.Status);
        Assert.Null(stored.UnpublishAt);
        var history = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PracticeUpdateEvent>().AsNoTracking().Where(e => e.PracticeUpdateId == page.Id).ToListAsync());
        Assert.Contains(history, e => e.To == PublicationStatus.Archived && e.By == "Scheduler" && e.Note == "Taken down on schedule");
    }

    [Fact]
    public async Task A_take_down_time_in_the_past_is_refused_and_one_before_the_publication_time_stops_approval()
    {
        var author = await site.NewPublisherAsync();
        var reviewer = await site.NewPublisherAsync();
        var past = await site.WorkflowAsync(w => w.CreateAsync(Page("Past", unpublishAt: site.Clock.GetUtcNow().AddMinutes(-1)), author));
        Assert.Contains(past.Errors, e => e.Field == "UnpublishAt");

        var id = (await site.WorkflowAsync(w => w.CreateAsync(Page("Short lived", unpublishAt: site.Clock.GetUtcNow().AddHours(1)), author))).Id!.Value;
        await site.ActAsync(id, PublicationAction.Submit, author);
        var approve = await site.ActAsync(id, PublicationAction.Approve, reviewer, site.Clock.GetUtcNow().AddHours(2));

        Assert.False(approve.Succeeded);
        Assert.Contains("taken down before it is published", approve.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_versions_are_compared_and_an_earlier_one_is_restored_as_a_new_version()
    {
        var author = await site.NewPublisherAsync();
        var first = Page("Versions", "Line one.\nLine two.");
        var id = (await site.WorkflowAsync(w => w.CreateAsync(first, author))).Id!.Value;
        var item = await site.ItemAsync(id);
        Assert.True((await site.WorkflowAsync(w => w.EditAsync(id, item.Version, first with { Title = item.Title, Body = "Line one.\nLine 2, changed." }, author))).Succeeded);
        var email = author.Name;
        var client = await site.SignedInClientAsync(email);

        var compare = await client.GetDocumentAsync($"/admin/publishing/{id}/compare?from=1&to=2");
        var rows = compare.QuerySelectorAll("#diff-body tbody tr").Select(r => (r.Children[0].TextContent, r.Children[1].TextContent)).ToList();
        Assert.Contains(("Removed", "Line two."), rows);
        Assert.Contains(("Added", "Line 2, changed."), rows);
        Assert.Contains(("", "Line one."), rows);
        Assert.NotNull(compare.QuerySelector("#unchanged-title"));

        var version = await client.GetDocumentAsync($"/admin/publishing/{id}/versions/1");
        var restore = await client.PostFormAsync($"/admin/publishing/{id}/versions/1", new Dictionary<string, string> { ["Version"] = version.QuerySelector("input[name=Version]")!.GetAttribute("value")! });

        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        var restored = await site.ItemAsync(id);
        Assert.Equal(3, restored.CurrentVersion);
        Assert.Equal("Line one.\nLine two.", restored.Body);
        var versions = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PracticeUpdateVersion>().AsNoTracking().Where(v => v.PracticeUpdateId == id).CountAsync());
        Assert.Equal(3, versions);
    }

    [Fact]
    public async Task Restoring_a_version_of_a_published_page_is_refused_and_changes_nothing()
    {
        var page = await site.PublishAsync(Page("Published restore"));
        var actor = await site.NewPublisherAsync();

        var result = await site.WorkflowAsync(w => w.RestoreAsync(page.Id, 1, page.Version, actor));

        Assert.False(result.Succeeded);
        Assert.Contains("Return it to draft first", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(page.CurrentVersion, (await site.ItemAsync(page.Id)).CurrentVersion);
    }

    [Fact]
    public async Task A_changed_slug_redirects_permanently_from_the_old_address()
    {
        var page = await site.PublishAsync(Page("Renamed"));
        var author = await site.NewPublisherAsync();
        var reviewer = await site.NewPublisherAsync();
        var other = await site.PublishAsync(Page("Other page"));
        await site.ActAsync(page.Id, PublicationAction.Archive, author);
        await site.ActAsync(page.Id, PublicationAction.Reopen, author);
        var item = await site.ItemAsync(page.Id);
        var draft = Page(item.Title) with { Slug = other.Slug };
        var taken = await site.WorkflowAsync(w => w.EditAsync(page.Id, item.Version, draft, author));
        var bad = await site.WorkflowAsync(w => w.EditAsync(page.Id, item.Version, draft with { Slug = "Not a slug!" }, author));
        var moved = await site.WorkflowAsync(w => w.EditAsync(page.Id, item.Version, draft with { Slug = "renamed-guidance-" + page.Id.ToString("N")[..8] }, author));
        await site.ActAsync(page.Id, PublicationAction.Submit, author);
        await site.ActAsync(page.Id, PublicationAction.Approve, reviewer);
        var client = site.CreateBrowserLikeClient();

        var old = await client.GetAsync($"/pages/{page.Slug}");

        Assert.Contains(taken.Errors, e => e.Field == "Slug" && e.Message.Contains("Another page", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.Field == "Slug");
        Assert.True(moved.Succeeded, string.Join("; ", moved.Errors));
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"/pages/renamed-guidance-{page.Id.ToString("N")[..8]}", old.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(old.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task The_preview_shows_a_draft_exactly_as_it_is_shown_once_published()
    {
        var parent = await site.PublishAsync(Page("Preview parent"));
        var author = await site.NewPublisherAsync();
        var reviewer = await site.NewPublisherAsync();
        var id = (await site.WorkflowAsync(w => w.CreateAsync(Page("Preview me", "## One\n\n::: inset\nInset.\n:::\n\n## Two\n\n## Three", parent.Id), author))).Id!.Value;
        var editor = await site.SignedInClientAsync(author.Name);

        var preview = await editor.GetDocumentAsync($"/admin/publishing/{id}/preview");
        await site.ActAsync(id, PublicationAction.Submit, author);
        await site.ActAsync(id, PublicationAction.Approve, reviewer);
        var published = await site.CreateBrowserLikeClient().GetDocumentAsync($"/pages/{(await site.ItemAsync(id)).Slug}");

        Assert.NotNull(preview.QuerySelector(".govuk-notification-banner"));
        Assert.Equal(published.QuerySelector("main article")!.OuterHtml, preview.QuerySelector("main article")!.OuterHtml);
        Assert.Equal(published.QuerySelector(".govuk-breadcrumbs")!.OuterHtml, preview.QuerySelector(".govuk-breadcrumbs")!.OuterHtml);
        Assert.NotNull(published.QuerySelector("main article .govuk-inset-text"));
    }
}
