using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Accreditation.Research.Indexing;
using Accreditation.Research.Library;
using Accreditation.Research.Search;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Research.Tests;

/// <summary>A site with a small library: synonyms, stemming, folding, highlighting, access, syntax, suggestions.</summary>
public sealed class SearchTests(SearchTests.Library site) : IClassFixture<SearchTests.Library>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The site and its library, indexed once for the class.</summary>
    public sealed class Library : PlatformFactory, IAsyncLifetime
    {
        public Guid Restricted { get; private set; }

        public Guid Conferences { get; private set; }

        public async Task InitializeAsync()
        {
            _ = Server;
            Conferences = await this.AddItemAsync("Family group conferences: what works", "Evidence on the family group conference, where the wider family makes a plan; also where there is neglect.",
                i => { i.Year = 2021; i.KssStatements = ["PL-2"]; });
            await this.AddItemAsync("Using the model with adolescents", "How FGC coordinators work with adolescents and their wider family to make a plan.",
                i => { i.Year = 2019; i.Type = ResearchItemType.PracticeGuide; });
            await this.AddItemAsync("Assessment of neglect in practice", "A guide for social workers.", i => { i.Year = 2018; i.Type = ResearchItemType.PracticeGuide; });
            await this.AddItemAsync("Asking naïve questions in supervision", "Curiosity in reflective supervision.", i => { i.Access = ResearchAccess.Staff; i.Type = ResearchItemType.Briefing; });
            Restricted = await this.AddItemAsync("Zanzibarite evaluation of exploitation services", "A restricted evaluation of exploitation services.",
                i => { i.Access = ResearchAccess.Restricted; i.Type = ResearchItemType.Evaluation; i.KssStatements = ["PL-9"]; });
            await this.AddItemAsync("<script>alert('x')</script> risk assessment", "Assessment of risk for the family.", i => i.Year = 2024);
            await this.AddItemAsync("Draft about neglect", "Not yet published.", i => i.IsPublished = false);
            await this.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<Core.Data.AccreditationDbContext>();
                var topic = new ResearchTopic { Id = Guid.NewGuid(), Name = "Secret topic" };
                db.Add(topic);
                var item = await db.Set<ResearchItem>().FindAsync(Restricted);
                item!.Topics.Add(topic);
                sp.GetRequiredService<ResearchLibrary>().Changed(item);
                await db.SaveChangesAsync();
            });
            await this.RunIndexWorkerAsync();
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    [Fact]
    public void An_abbreviation_finds_its_expansion_and_the_expansion_finds_the_abbreviation()
    {
        Assert.Contains("Family group conferences: what works", site.Titles("FGC"));
        Assert.Contains("Using the model with adolescents", site.Titles("family group conference"));
        Assert.Contains("Using the model with adolescents", site.Titles("\"family group conferences\""));
    }

    [Fact]
    public void Word_forms_and_accents_do_not_matter()
    {
        Assert.Contains("Assessment of neglect in practice", site.Titles("assessing"));
        Assert.Contains("Asking naïve questions in supervision", site.Titles("naive"));
        Assert.Contains("Asking naïve questions in supervision", site.Titles("NAÏVE question"));
    }

    [Fact]
    public async Task Results_mark_the_matched_words_and_a_script_in_a_title_is_shown_as_text()
    {
        var hit = Assert.Single(site.Search("risk", ResearchAudience.Public).Hits);
        Assert.Equal("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>risk</mark> assessment", hit.TitleHtml);
        Assert.Contains("<mark>risk</mark>", hit.PassageHtml, StringComparison.Ordinal);

        var html = await site.CreateClient().GetStringAsync("/research?q=risk");
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<mark>risk</mark>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visitor_never_sees_restricted_or_staff_items_in_results_or_counts()
    {
        var visitor = site.CreateClient();
        var all = await visitor.GetFromJsonAsync<ResearchSearchResults>("/api/research/search", Json);
        Assert.NotNull(all);
        Assert.All(all.Hits, h => Assert.Equal("Public", h.Access));
        Assert.DoesNotContain(all.FacetOf("type").Values, v => v.Value is "Evaluation" or "Briefing");
        Assert.DoesNotContain(all.FacetOf("topic").Values, v => v.Value == "Secret topic");
        Assert.DoesNotContain(all.FacetOf("kss").Values, v => v.Value == "PL-9");
        Assert.DoesNotContain(all.FacetOf("access").Values, v => v.Value != "Public");
        Assert.Equal(all.Hits.Count, all.Total);

        var hidden = await visitor.GetFromJsonAsync<ResearchSearchResults>("/api/research/search?q=zanzibarite", Json);
        Assert.Equal(0, hidden!.Total);
        Assert.Null(hidden.DidYouMean);
        var misspelt = await visitor.GetFromJsonAsync<ResearchSearchResults>("/api/research/search?q=zanzibarit", Json);
        Assert.Null(misspelt!.DidYouMean);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/research/items/{site.Restricted}")).StatusCode);

        var staff = site.Search(null, ResearchAudience.Staff);
        Assert.Contains(staff.Hits, h => h.Access == "Staff");
        Assert.DoesNotContain(staff.Hits, h => h.Access == "Restricted");

        var editor = site.Search("zanzibarite", ResearchAudience.Restricted);
        Assert.Equal(1, editor.Total);
        Assert.Contains(editor.FacetOf("topic").Values, v => v.Value == "Secret topic" && v.Count == 1);
    }

    [Theory]
    [InlineData("\"unclosed")]
    [InlineData("AND OR")]
    [InlineData("title:")]
    [InlineData("((((neglect")]
    [InlineData("neglect))) OR")]
    [InlineData("NOT")]
    [InlineData("- + ! ~ * ? ^ [1 TO 2} \\")]
    [InlineData("author:\"")]
    [InlineData("title:(family OR")]
    [InlineData("::: \"\" ()")]
    public async Task A_malformed_search_is_read_as_plain_words_and_never_fails(string text)
    {
        var client = site.CreateClient();
        var page = await client.GetAsync($"/research?q={Uri.EscapeDataString(text)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var api = await client.GetAsync($"/api/research/search?q={Uri.EscapeDataString(text)}");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task A_ten_thousand_character_search_answers()
    {
        var text = string.Concat(Enumerable.Repeat("family (neglect OR \"group ", 400))[..10_000];
        Assert.Equal(10_000, text.Length);
        var client = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/research?q={Uri.EscapeDataString(text)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/research/search?q={Uri.EscapeDataString(text)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/research?q={new string('x', 10_000)}")).StatusCode);
    }

    [Fact]
    public void An_unclosed_quote_is_read_as_words_and_a_spaced_field_prefix_applies_to_the_next_word()
    {
        Assert.Contains("Assessment of neglect in practice", site.Titles("\"assessment neglect"));
        Assert.Equal(["Assessment of neglect in practice"], site.Titles("title: neglect"));
    }

    [Fact]
    public void Field_prefixes_and_boolean_operators_narrow_the_search()
    {
        Assert.Equal(["Assessment of neglect in practice"], site.Titles("title:neglect"));
        Assert.Equal(2, site.Titles("neglect").Count);
        Assert.DoesNotContain("Using the model with adolescents", site.Titles("FGC NOT adolescents"));
        Assert.DoesNotContain("Using the model with adolescents", site.Titles("FGC -adolescents"));
        var either = site.Titles("zanzibarite OR naive");
        Assert.Equal(2, either.Count);
        Assert.Empty(site.Titles("zanzibarite AND naive"));
    }

    [Fact]
    public void Filters_narrow_results_and_the_counts_follow()
    {
        var guides = site.Search(null, request: new ResearchSearchRequest { Types = ["PracticeGuide"] });
        Assert.Equal(2, guides.Total);
        Assert.All(guides.Hits, h => Assert.Equal("PracticeGuide", h.Type));
        Assert.Equal(new FacetValue("PracticeGuide", 2, true), guides.FacetOf("type").Values.Single(v => v.Value == "PracticeGuide"));

        var recent = site.Search(null, request: new ResearchSearchRequest { YearFrom = 2021, Sort = ResearchSort.Newest });
        Assert.Equal([2024, 2021], recent.Hits.Select(h => h.Year!.Value).ToList());
        Assert.Equal(1, site.Search(null, request: new ResearchSearchRequest { KssStatements = ["PL-2"] }).Total);
    }

    [Fact]
    public void A_ticked_filter_counts_its_own_values_as_if_it_were_not_ticked_and_the_other_filters_follow_it()
    {
        var guides = site.Search(null, ResearchAudience.Restricted, new ResearchSearchRequest { Types = ["PracticeGuide"] });
        var types = guides.FacetOf("type").Values.ToDictionary(v => v.Value, v => (v.Count, v.Selected));
        Assert.Equal((2, true), types["PracticeGuide"]);
        Assert.Equal((2, false), types["ResearchReview"]);
        Assert.Equal((1, false), types["Evaluation"]);
        Assert.Equal((1, false), types["Briefing"]);
        Assert.DoesNotContain(guides.FacetOf("kss").Values, v => v.Value == "PL-2"); // other filters count within the ticked one

        var both = site.Search(null, ResearchAudience.Restricted, new ResearchSearchRequest { Types = ["PracticeGuide", "Evaluation"] });
        Assert.Equal(3, both.Total);
        Assert.Equal(["Evaluation", "PracticeGuide"], both.FacetOf("type").Values.Where(v => v.Selected).Select(v => v.Value).Order().ToList());

        var recent = site.Search(null, ResearchAudience.Restricted, new ResearchSearchRequest { YearFrom = 2021 });
        Assert.Contains(recent.FacetOf("year").Values, v => v.Value == "2018" && v.Count == 1 && !v.Selected);
        Assert.Contains(recent.FacetOf("year").Values, v => v.Value == "2021" && v.Count == 1 && v.Selected);
    }

    [Fact]
    public void Counts_within_a_ticked_filter_leave_out_what_a_visitor_may_not_see()
    {
        var guides = site.Search(null, ResearchAudience.Public, new ResearchSearchRequest { Types = ["PracticeGuide"], Topics = ["Secret topic"] });
        Assert.Equal(0, guides.Total);
        Assert.DoesNotContain(guides.FacetOf("type").Values, v => v.Value is "Evaluation" or "Briefing");
        Assert.DoesNotContain(guides.FacetOf("topic").Values, v => v.Value == "Secret topic" && v.Count > 0);
        Assert.DoesNotContain(guides.FacetOf("kss").Values, v => v.Value == "PL-9");
        var staff = site.Search(null, ResearchAudience.Staff, new ResearchSearchRequest { Types = ["PracticeGuide"] });
        Assert.Contains(staff.FacetOf("type").Values, v => v.Value == "Briefing" && v.Count == 1);
        Assert.DoesNotContain(staff.FacetOf("type").Values, v => v.Value == "Evaluation");
    }

    [Fact]
    public void Nothing_found_suggests_a_word_the_library_has()
    {
        var results = site.Search("assesment", ResearchAudience.Public);
        Assert.Equal(0, results.Total);
        Assert.Equal("assessment", results.DidYouMean);
    }

    [Fact]
    public void Unpublished_items_are_not_searchable()
    {
        Assert.DoesNotContain("Draft about neglect", site.Titles("draft"));
    }

    [Fact]
    public void More_like_this_finds_related_items_the_person_may_see()
    {
        var searcher = new ResearchSearcher(site.Services.GetRequiredService<ResearchIndex>(), Glossary.Empty, SearchTuning.Default);
        var similar = searcher.MoreLikeThis(site.Conferences, ResearchAudience.Public, 5);
        Assert.Contains(similar, h => h.Title == "Using the model with adolescents");
        Assert.DoesNotContain(similar, h => h.Id == site.Conferences);
        Assert.All(similar, h => Assert.Equal("Public", h.Access));
        var byText = searcher.MoreLikeThisText("Wider family plan with a coordinator and adolescents", ResearchAudience.Public, 5);
        Assert.Contains(byText, h => h.Title == "Using the model with adolescents");
    }

    [Fact]
    public async Task The_search_page_lists_results_with_filters_for_a_visitor()
    {
        var document = await site.CreateClient().GetDocumentAsync("/research?q=neglect");
        Assert.Contains("2 items found", document.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector("input[name=type]"));
        Assert.Null(document.QuerySelector("input[name=access]"));
    }

    [Fact]
    public async Task The_result_pages_link_to_the_same_search_with_its_filters()
    {
        var document = await site.CreateClient().GetDocumentAsync("/research?q=neglect&sort=newest&size=1");

        var links = document.QuerySelectorAll("nav[aria-label='Results pages'] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/research?q=neglect&sort=newest&size=1&page=1", "/research?q=neglect&sort=newest&size=1&page=2", "/research?q=neglect&sort=newest&size=1&page=2"], links);
    }
}
