using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Records;
using Accreditation.Cpd.Tests.Support;
using Accreditation.Testing;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Cpd.Tests.Records;

/// <summary>Registration years run 1 December to 30 November; the requirement is two records, one with a peer reflection.</summary>
public sealed class RegistrationYearTests(CpdSite site) : IClassFixture<CpdSite>
{
    [Fact]
    public void The_30th_of_November_and_the_1st_of_December_fall_in_different_years()
    {
        var november = RegistrationYear.Of(new DateOnly(2026, 11, 30));
        var december = RegistrationYear.Of(new DateOnly(2026, 12, 1));

        Assert.Equal("2025-26", november.Label);
        Assert.Equal("2026-27", december.Label);
        Assert.Equal(new DateOnly(2025, 12, 1), november.Starts);
        Assert.Equal(new DateOnly(2026, 11, 30), november.Ends);
        Assert.Equal(december, november.Next);
        Assert.Equal("2025-26", RegistrationYear.Of(new DateOnly(2026, 1, 1)).Label);
        Assert.True(RegistrationYear.TryParse("2025-26", out var parsed) && parsed == november);
        Assert.False(RegistrationYear.TryParse("2025-27", out _));
        Assert.False(RegistrationYear.TryParse("../etc", out _));
    }

    [Fact]
    public async Task Records_on_30_November_and_1_December_are_counted_in_different_years_on_the_pages()
    {
        var person = await site.PersonAsync(Roles.Candidate);
        await site.RecordAsync(person, CpdSite.RecordFields("Last day of 2024-25", new DateOnly(2025, 11, 30)));
        await site.RecordAsync(person, CpdSite.RecordFields("First day of 2025-26", new DateOnly(2025, 12, 1)));

        var earlier = await person.Client.GetDocumentAsync("/cpd/years/2024-25");
        var current = await person.Client.GetDocumentAsync("/cpd");

        Assert.Equal("1", earlier.QuerySelector("#record-count")!.TextContent.Trim());
        Assert.Contains("Last day of 2024-25", earlier.QuerySelector("#records")!.TextContent);
        Assert.DoesNotContain("First day of 2025-26", earlier.QuerySelector("#records")!.TextContent);
        Assert.Equal("1", current.QuerySelector("#record-count")!.TextContent.Trim());
        Assert.Contains("First day of 2025-26", current.QuerySelector("#records")!.TextContent);
        Assert.Contains("2024-25", current.QuerySelector("#earlier-years")!.TextContent);
    }

    [Fact]
    public void The_requirement_names_what_is_missing()
    {
        var none = CpdRequirement.Check(0, 0);
        var oneWithoutPeer = CpdRequirement.Check(1, 0);
        var twoWithoutPeer = CpdRequirement.Check(2, 0);
        var oneWithPeer = CpdRequirement.Check(1, 1);
        var met = CpdRequirement.Check(2, 1);

        Assert.False(none.Met);
        Assert.Contains(none.Missing, m => m.Contains("not recorded any CPD", StringComparison.Ordinal) && m.Contains("at least 2", StringComparison.Ordinal));
        Assert.Contains(oneWithoutPeer.Missing, m => m.Contains("Record at least 1 more", StringComparison.Ordinal));
        Assert.Contains(oneWithoutPeer.Missing, m => m.Contains("peer reflection", StringComparison.Ordinal));
        var onlyPeer = Assert.Single(twoWithoutPeer.Missing);
        Assert.Contains("None of your records this year includes a peer reflection", onlyPeer, StringComparison.Ordinal);
        var onlyCount = Assert.Single(oneWithPeer.Missing);
        Assert.Contains("Record at least 1 more", onlyCount, StringComparison.Ordinal);
        Assert.True(met.Met);
        Assert.Empty(met.Missing);
    }

    [Fact]
    public async Task The_cpd_page_says_what_is_missing_until_two_records_one_with_a_peer_reflection_meet_the_year()
    {
        var person = await site.PersonAsync(Roles.Candidate);
        var today = new DateOnly(2026, 10, 1);

        await site.RecordAsync(person, CpdSite.RecordFields("Course on contextual safeguarding", today));
        await site.RecordAsync(person, CpdSite.RecordFields("Article on relational practice", today));
        var withoutPeer = await person.Client.GetDocumentAsync("/cpd");
        Assert.Equal("Requirement not met yet", withoutPeer.QuerySelector("#year-status")!.TextContent.Trim());
        var missing = withoutPeer.QuerySelector("#missing")!.TextContent;
        Assert.Contains("None of your records this year includes a peer reflection", missing, StringComparison.Ordinal);
        Assert.DoesNotContain("Record at least", missing, StringComparison.Ordinal);

        await site.RecordAsync(person, CpdSite.RecordFields("Group supervision", today, peer: true));
        var met = await person.Client.GetDocumentAsync("/cpd");
        Assert.Equal("Requirement met", met.QuerySelector("#year-status")!.TextContent.Trim());
        Assert.Null(met.QuerySelector("#missing"));
        Assert.Equal("1", met.QuerySelector("#peer-count")!.TextContent.Trim());
    }

    [Fact]
    public async Task Data_and_vbscript_links_are_refused_doi_links_kept_and_a_stored_script_link_is_shown_as_text()
    {
        var person = await site.PersonAsync(Roles.Candidate);
        foreach (var link in new[] { "data:text/html,<script>alert(1)</script>", "VBSCRIPT:msgbox(1)", " java\tscript:alert(1)" })
        {
            var fields = CpdSite.RecordFields("Refused link " + link.Length, new DateOnly(2026, 10, 1));
            fields["Input.Link"] = link;
            var (response, page) = await CpdSite.PostRecordAsync(person, fields);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Enter a web address starting with https://", page.QuerySelector("#Input_Link-error")?.TextContent, StringComparison.Ordinal);
        }

        var doi = CpdSite.RecordFields("Read a paper by its DOI", new DateOnly(2026, 10, 2));
        doi["Input.Link"] = "doi:10.5555/cpd.1";
        var id = await site.RecordAsync(person, doi);
        var shown = await person.Client.GetDocumentAsync($"/cpd/records/{id}");
        Assert.NotNull(shown.QuerySelector("a[href='https://doi.org/10.5555/cpd.1']"));

        // A link stored before the rule (or by another path) is shown, but never as an href.
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            (await db.Set<CpdRecord>().SingleAsync(r => r.Id == id)).Link = "javascript:alert(1)";
            await db.SaveChangesAsync();
        });
        var stored = await person.Client.GetDocumentAsync($"/cpd/records/{id}");
        Assert.DoesNotContain(stored.QuerySelectorAll("a[href]"), a => a.GetAttribute("href")!.Contains("script", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("javascript:alert(1)", stored.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_gets_a_message_next_to_each_field_and_nothing_is_saved()
    {
        var person = await site.PersonAsync(Roles.Candidate);
        var fields = CpdSite.RecordFields("", new DateOnly(2026, 10, 1));
        fields["Input.ActivityType"] = "Juggling";
        fields["Input.DateDay"] = "31";
        fields["Input.DateMonth"] = "2";
        fields["Input.Hours"] = "lots";
        fields["Input.Learning"] = "";
        fields["Input.Link"] = "javascript:alert(1)";
        fields["Input.PeerRole"] = "Team manager";

        var (response, page) = await CpdSite.PostRecordAsync(person, fields);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var summary = page.QuerySelector(".govuk-error-summary")!.TextContent;
        Assert.Contains("Select the type of activity", summary, StringComparison.Ordinal);
        Assert.Contains("Enter a title", summary, StringComparison.Ordinal);
        Assert.Contains("must be a real date", summary, StringComparison.Ordinal);
        Assert.Contains("Enter the time spent as a number of hours", summary, StringComparison.Ordinal);
        Assert.Contains("Enter what you learned", summary, StringComparison.Ordinal);
        Assert.Contains("Enter a web address starting with https://", summary, StringComparison.Ordinal);
        Assert.Contains("Enter the name of the peer", summary, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#Input_Hours-error"));
        Assert.Equal("Team manager", page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_PeerRole")!.Value);

        var future = CpdSite.RecordFields("Future course", new DateOnly(2026, 11, 3));
        var (_, futurePage) = await CpdSite.PostRecordAsync(person, future);
        Assert.Contains("must be today or in the past", futurePage.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);

        var years = await site.WithScopeAsync(sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.Contracts.ICpdYears>(sp).YearsOfAsync(person.Id, new DateOnly(2025, 12, 1), new DateOnly(2026, 11, 30)));
        Assert.Equal(0, Assert.Single(years).Records);
    }
}
