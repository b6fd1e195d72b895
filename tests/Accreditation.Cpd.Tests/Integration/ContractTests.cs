using Accreditation.Api;
using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Tests.Support;
using Accreditation.Testing;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Cpd.Tests.Integration;

/// <summary>What other modules and the API read from CPD: drafts from "Record as CPD", years, summaries, and accreditation currency.</summary>
public sealed class ContractTests(CpdSite site) : IClassFixture<CpdSite>
{
    [Fact]
    public async Task Record_as_CPD_creates_a_prefilled_draft_that_counts_only_once_completed()
    {
        var person = await site.PersonAsync(Roles.Candidate);
        var source = new CpdDraftSource("Relationship-based practice: a review", "https://research.example.org/items/42", ["PL2", "pl5", "XX9"], "research", "42", "A review of 40 studies.");

        var path = await site.WithScopeAsync(sp => sp.GetRequiredService<ICpdDrafts>().CreateDraftAsync(person.Id, source));

        Assert.Matches(@"^/cpd/records/[0-9a-f-]{36}/edit$", path);
        var page = await person.Client.GetDocumentAsync(path);
        Assert.Equal("Complete your CPD record", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("from the research item", page.QuerySelector("#draft-prompt")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Relationship-based practice: a review", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Title")!.Value);
        Assert.Equal("https://research.example.org/items/42", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Link")!.Value);
        Assert.Equal("A review of 40 studies.", page.QuerySelector("#Input_Description")!.TextContent);
        Assert.True(page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_ActivityType_Research")!.IsChecked);
        var ticked = page.QuerySelectorAll("input[name='Input.StatementIds']").Cast<AngleSharp.Html.Dom.IHtmlInputElement>().Where(i => i.IsChecked)
            .Select(i => page.QuerySelector($"label[for='{i.Id}']")!.TextContent).ToList();
        Assert.Equal(2, ticked.Count);
        Assert.StartsWith("PL2: ", ticked[0], StringComparison.Ordinal);
        Assert.StartsWith("PL5: ", ticked[1], StringComparison.Ordinal);
        Assert.Contains("Relationship-based practice: a review", (await person.Client.GetDocumentAsync("/cpd")).QuerySelector("#drafts")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("0", (await person.Client.GetDocumentAsync("/cpd")).QuerySelector("#record-count")!.TextContent.Trim());

        // Saving without learning and impact is refused; with them the draft is complete and counts.
        var fields = new Dictionary<string, string>
        {
            ["RowVersion"] = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=RowVersion]")!.Value,
            ["Input.ActivityType"] = "Research",
            ["Input.Title"] = "Relationship-based practice: a review",
            ["Input.DateDay"] = "2",
            ["Input.DateMonth"] = "11",
            ["Input.DateYear"] = "2026",
            ["Input.Hours"] = "2",
            ["Input.Description"] = "A review of 40 studies.",
            ["Input.Link"] = "https://research.example.org/items/42",
        };
        var refused = await person.Client.PostFormAsync(path, fields);
        Assert.Contains("Enter what you learned", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        fields["Input.Learning"] = "Continuity of worker matters more than the model used.";
        fields["Input.Impact"] = "I now argue for keeping the same worker at step-down.";
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await person.Client.PostFormAsync(path, fields)).StatusCode);
        var after = await person.Client.GetDocumentAsync("/cpd");
        Assert.Equal("1", after.QuerySelector("#record-count")!.TextContent.Trim());
        Assert.Null(after.QuerySelector("#drafts"));
    }

    [Fact]
    public async Task Cpd_years_and_the_api_summary_report_counts_and_hours_never_text()
    {
        var person = await site.PersonAsync(Roles.Candidate);
        await site.RecordAsync(person, CpdSite.RecordFields("Earlier", new DateOnly(2025, 11, 30)));
        await site.RecordAsync(person, CpdSite.RecordFields("Course", new DateOnly(2026, 1, 10)));
        var peer = CpdSite.RecordFields("Supervision", new DateOnly(2026, 10, 20), peer: true);
        peer["Input.Hours"] = "0.75";
        await site.RecordAsync(person, peer);

        var years = await site.WithScopeAsync(sp => sp.GetRequiredService<ICpdYears>().YearsOfAsync(person.Id, new DateOnly(2025, 6, 1), new DateOnly(2026, 11, 2)));
        var summaries = await site.WithScopeAsync(sp => sp.GetRequiredService<IEnumerable<ICpdSummarySource>>().Single().SummaryOfAsync([person.Id, "nobody"], CancellationToken.None));

        Assert.Equal(["2024-25", "2025-26"], years.Select(y => y.Label));
        Assert.Equal((1, 0, false), (years[0].Records, years[0].WithPeerReflection, years[0].Met));
        Assert.Equal((2, 1, true), (years[1].Records, years[1].WithPeerReflection, years[1].Met));
        Assert.Equal(new DateOnly(2025, 12, 1), years[1].Starts);
        Assert.Equal(new DateOnly(2026, 11, 30), years[1].Ends);
        var summary = Assert.Single(summaries).Value;
        Assert.Equal(new CpdSummary("2025-26", 2, 2.25m, new DateOnly(2026, 10, 20)), summary);
    }

    [Fact]
    public async Task The_candidate_sees_when_their_accreditation_falls_due_and_whether_each_year_since_the_award_was_met()
    {
        var person = await site.PersonAsync(Roles.Candidate);
        var nothing = await site.PersonAsync(Roles.Candidate);
        site.Awards.Give(person.Id, new AccreditationAward(Guid.NewGuid(), person.Id, Guid.NewGuid(), "Practice leader accreditation", "practice-leader", 1,
            new DateOnly(2025, 3, 1), new DateOnly(2028, 2, 29), null, "ABC123", RenewalRequiresCpd: true));
        await site.RecordAsync(person, CpdSite.RecordFields("Course", new DateOnly(2025, 4, 1)));
        await site.RecordAsync(person, CpdSite.RecordFields("Supervision", new DateOnly(2025, 5, 1), peer: true));

        var page = await person.Client.GetDocumentAsync("/cpd");
        var empty = await nothing.Client.GetDocumentAsync("/cpd");

        var panel = page.QuerySelector("[id^=accreditation-]")!.TextContent;
        Assert.Contains("Practice leader accreditation", panel, StringComparison.Ordinal);
        Assert.Contains("falls due for renewal on 29 February 2028", panel, StringComparison.Ordinal);
        Assert.Contains("2024-25: met", panel, StringComparison.Ordinal);
        Assert.Contains("2025-26: not met yet", panel, StringComparison.Ordinal);
        Assert.Null(empty.QuerySelector("[id^=accreditation-]"));
    }

    [Fact]
    public async Task A_record_changed_in_another_tab_answers_409_and_keeps_the_typed_text()
    {
        var person = await site.PersonAsync(Roles.Candidate);
        var id = await site.RecordAsync(person, CpdSite.RecordFields("Course", new DateOnly(2026, 10, 1)));
        var stale = await person.Client.GetDocumentAsync($"/cpd/records/{id}/edit");
        var version = stale.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=RowVersion]")!.Value;
        var first = CpdSite.RecordFields("Course, first tab", new DateOnly(2026, 10, 1));
        first["RowVersion"] = version;
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await person.Client.PostFormAsync($"/cpd/records/{id}/edit", first)).StatusCode);

        var second = CpdSite.RecordFields("Course, second tab", new DateOnly(2026, 10, 1), "Text typed in the second tab that must not be lost.");
        second["RowVersion"] = version;
        var response = await person.Client.PostFormAsync($"/cpd/records/{id}/edit", second);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
        var page = Testing.Pages.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector("#conflict"));
        Assert.Equal("Text typed in the second tab that must not be lost.", page.QuerySelector("#Input_Description")!.TextContent);
        var title = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<CpdRecord>().Where(r => r.Id == id).Select(r => r.Title).SingleAsync());
        Assert.Equal("Course, first tab", title);
    }
}
