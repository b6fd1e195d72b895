using System.Net;
using Accreditation.Core.Data;
using Accreditation.Research.Library;
using Accreditation.Research.Search;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Research.Tests;

/// <summary>Research editors add, edit and delete items and edit the glossary and taxonomy through the admin pages.</summary>
public sealed class EditorPagesTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    private async Task<HttpClient> EditorAsync()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        return client;
    }

    [Fact]
    public async Task A_vbscript_link_or_a_data_link_in_the_full_text_is_refused_next_to_its_field_and_nothing_is_saved()
    {
        var client = await EditorAsync();
        var form = new Dictionary<string, string>
        {
            ["Form.Title"] = "Script links are refused",
            ["Form.Year"] = "2023",
            ["Form.Type"] = "Briefing",
            ["Form.Access"] = "Public",
            ["Form.Link"] = "vbscript:msgbox(1)",
            ["Form.FullText"] = "See [the summary](data:text/html;base64,PHNjcmlwdD4=) and [the paper](doi:10.5555/ok.1).",
        };

        var refused = await client.PostFormAsync("/admin/research/items/edit", form);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = Accreditation.Testing.Pages.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Links starting with vbscript: are not allowed", page.QuerySelector("#Form_Link-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Links starting with data: are not allowed", page.QuerySelector("#Form_FullText-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, page.QuerySelectorAll(".govuk-error-summary__list li").Length);
        Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<ResearchItem>().AnyAsync(i => i.Title == "Script links are refused")));
    }

    [Fact]
    public async Task An_editor_adds_an_item_with_mistakes_shown_next_to_the_fields_then_saves_it_and_search_finds_it()
    {
        var client = await EditorAsync();
        var form = new Dictionary<string, string>
        {
            ["Form.Title"] = "Hearing the voice of the child in child in need plans",
            ["Form.Year"] = "twenty",
            ["Form.Type"] = "Briefing",
            ["Form.Access"] = "Public",
            ["Form.Abstract"] = "How plans record what children say.",
            ["Form.Link"] = "javascript:alert(1)",
            ["Form.Published"] = "true",
        };
        var invalid = await client.PostFormAsync("/admin/research/items/edit", form);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var page = Accreditation.Testing.Pages.Parse(await invalid.Content.ReadAsStringAsync());
        Assert.Contains("Enter the year as 4 digits", page.QuerySelector("#Form_Year-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("https://", page.QuerySelector("#Form_Link-error")!.TextContent, StringComparison.Ordinal);

        form["Form.Year"] = "2023";
        form["Form.Link"] = "https://example.org/voice";
        var saved = await client.PostFormAsync("/admin/research/items/edit", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var item = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<ResearchItem>().SingleAsync(i => i.Title.StartsWith("Hearing the voice")));
        Assert.Equal(2023, item.Year);
        Assert.True(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<IndexTask>().AnyAsync(t => t.ItemId == item.Id)));

        await site.RunIndexWorkerAsync();
        Assert.Contains("Hearing the voice of the child in child in need plans", site.Titles("CiN plans", ResearchAudience.Public));
        var itemPage = await site.CreateClient().GetAsync($"/research/items/{item.Id}");
        Assert.Equal(HttpStatusCode.OK, itemPage.StatusCode);

        var list = await client.GetDocumentAsync("/admin/research");
        Assert.NotNull(list.QuerySelector($"a[href='/admin/research/items/edit/{item.Id}']"));
        var edit = await client.GetDocumentAsync($"/admin/research/items/edit/{item.Id}");
        Assert.Equal("2023", edit.QuerySelector("#Form_Year")!.GetAttribute("value"));
        var version = edit.QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!;
        var deleted = await client.PostFormAsync($"/admin/research/items/edit/{item.Id}", new Dictionary<string, string> { ["Form.Version"] = version }, $"/admin/research/items/edit/{item.Id}?handler=Delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await site.RunIndexWorkerAsync();
        Assert.DoesNotContain("Hearing the voice of the child in child in need plans", site.Titles("CiN plans"));
    }

    [Fact]
    public async Task A_stale_edit_is_refused_with_a_conflict()
    {
        var client = await EditorAsync();
        var id = await site.AddItemAsync("Conflict sample", "");
        var edit = await client.GetDocumentAsync($"/admin/research/items/edit/{id}");
        var version = edit.QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!;
        await site.ChangeItemAsync(id, i => i.Abstract = "Someone else saved first.");
        var stale = await client.PostFormAsync($"/admin/research/items/edit/{id}", new Dictionary<string, string>
        {
            ["Form.Title"] = "Conflict sample",
            ["Form.Type"] = "Other",
            ["Form.Access"] = "Public",
            ["Form.Version"] = version,
        });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task The_glossary_reports_bad_lines_by_number_and_a_saved_line_takes_effect_at_once()
    {
        var client = await EditorAsync();
        await site.AddItemAsync("Multi-agency safeguarding hub practice", "How the hub shares information.");
        await site.RunIndexWorkerAsync();

        var bad = await client.PostFormAsync("/admin/research/glossary", new Dictionary<string, string> { ["Lines"] = "FGC, family group conference\nonlyone\n" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Line 2 needs at least two terms", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var saved = await client.PostFormAsync("/admin/research/glossary", new Dictionary<string, string> { ["Lines"] = "MASHUB, multi-agency safeguarding hub" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Multi-agency safeguarding hub practice", site.Titles("MASHUB"));
    }

    [Fact]
    public async Task Renaming_a_topic_reindexes_its_items()
    {
        var client = await EditorAsync();
        var added = await client.PostFormAsync("/admin/research/taxonomy", new Dictionary<string, string> { ["name"] = "Trauma-informed practice" }, "/admin/research/taxonomy?handler=AddTopic");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var duplicate = await client.PostFormAsync("/admin/research/taxonomy", new Dictionary<string, string> { ["name"] = "Trauma-informed practice" }, "/admin/research/taxonomy?handler=AddTopic");
        Assert.Contains("There is already a topic", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var topic = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<ResearchTopic>().SingleAsync(t => t.Name == "Trauma-informed practice"));
        var id = await site.AddItemAsync("Topic rename sample", "");
        await site.WithScopeAsync(async sp =>
        {
            var library = sp.GetRequiredService<ResearchLibrary>();
            var item = await library.Db.Set<ResearchItem>().Include(i => i.Topics).SingleAsync(i => i.Id == id);
            item.Topics.Add(await library.Db.Set<ResearchTopic>().SingleAsync(t => t.Id == topic.Id));
            library.Changed(item);
            await library.Db.SaveChangesAsync();
        });
        await site.RunIndexWorkerAsync();

        var renamed = await client.PostFormAsync("/admin/research/taxonomy", new Dictionary<string, string> { ["id"] = topic.Id.ToString(), ["name"] = "Trauma-informed work" }, "/admin/research/taxonomy?handler=RenameTopic");
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        await site.RunIndexWorkerAsync();
        var results = site.Search(null, request: new ResearchSearchRequest { Topics = ["Trauma-informed work"] });
        Assert.Equal("Topic rename sample", Assert.Single(results.Hits).Title);
    }
}
