using System.Net;
using Accreditation.Portfolios.Privacy;
using Accreditation.Portfolios.Tests.Support;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Portfolios.Tests.Privacy;

/// <summary>The privacy check lists each finding with its place: the item, the part of it, the statement and a snippet.</summary>
public sealed class PrivacyPageTests(PortfoliosSite site) : IClassFixture<PortfoliosSite>
{
    [Fact]
    public async Task Findings_in_text_rationales_and_uploaded_files_are_listed_with_their_place()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[1].Id);
        await PortfoliosSite.SaveItemAsync(client, portfolio, item, "Her NHS number 943 476 5919 was on the plan; 943 476 5918 is not one.", new Dictionary<int, string> { [2] = "We met at B33 8TH." });
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Pdf("DOB: 14/03/2015, phone 07700 900123"), "plan.pdf", statements[2].Id, "Plan")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Docx("Mrs Jane Smith attended."), "notes.docx", statements[3].Id, "Notes")).StatusCode);

        var page = await client.GetDocumentAsync($"/portfolio/{portfolio}/privacy");

        var rows = page.QuerySelectorAll("#findings tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Contains(rows, r => r[0] == "NHS number: 943 476 5919" && r[1].Contains("text", StringComparison.Ordinal) && r[1].Contains("Statement 2", StringComparison.Ordinal) && r[2].Contains("Her NHS number 943 476 5919", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r[0].Contains("943 476 5918", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[0] == "Postcode: B33 8TH" && r[1].Contains("rationale for statement 2", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[0] == "Date of birth: 14/03/2015" && r[1].StartsWith("Plan, text inside the file", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[0] == "Phone number: 07700 900123" && r[1].Contains("Statement 3", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[0] == "Person's name: Mrs Jane Smith" && r[1].StartsWith("Notes, text inside the file", StringComparison.Ordinal));
        Assert.Contains(page.QuerySelectorAll("#findings tbody a"), a => a.GetAttribute("href") == $"/portfolio/{portfolio}/items/{item}");

        var taskList = await client.GetDocumentAsync($"/portfolio/{portfolio}");
        Assert.Equal($"{rows.Count} to check", taskList.QuerySelector("#privacy-status")!.TextContent.Trim());
    }

    [Fact]
    public async Task The_task_list_rescans_a_changed_item_at_once_and_never_an_unchanged_one()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var changing = await PortfoliosSite.StartItemAsync(client, portfolio, statements[0].Id);
        await PortfoliosSite.SaveItemAsync(client, portfolio, changing, "We met the family at home.", new Dictionary<int, string> { [1] = "Why" });
        var steady = await PortfoliosSite.StartItemAsync(client, portfolio, statements[1].Id);
        await PortfoliosSite.SaveItemAsync(client, portfolio, steady, "Mrs Jane Smith attended the review.", new Dictionary<int, string> { [2] = "Why" });
        var cache = site.Services.GetRequiredService<PrivacyScanCache>();
        async Task<string> StatusAsync() => (await client.GetDocumentAsync($"/portfolio/{portfolio}")).QuerySelector("#privacy-status")!.TextContent.Trim();

        Assert.Equal("1 to check", await StatusAsync());
        var scanned = cache.Scans;
        Assert.Equal("1 to check", await StatusAsync());
        Assert.Equal(scanned, cache.Scans); // nothing changed: nothing scanned again

        await PortfoliosSite.SaveItemAsync(client, portfolio, changing, "We met the family at home; call 07700 900123 about the plan.", new Dictionary<int, string> { [1] = "Why" });

        Assert.Equal("2 to check", await StatusAsync());
        Assert.Equal(scanned + 1, cache.Scans); // the changed item only
        var rows = (await client.GetDocumentAsync($"/portfolio/{portfolio}/privacy")).QuerySelectorAll("#findings tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Phone number: 07700 900123", StringComparison.Ordinal));

        // Another candidate writing the very same words gets findings of their own item, scanned for them.
        var (other, otherPortfolio) = await site.CandidateWithPortfolioAsync();
        var theirs = await PortfoliosSite.StartItemAsync(other, otherPortfolio, statements[1].Id);
        await PortfoliosSite.SaveItemAsync(other, otherPortfolio, theirs, "Mrs Jane Smith attended the review.", new Dictionary<int, string> { [2] = "Why" });
        var links = (await other.GetDocumentAsync($"/portfolio/{otherPortfolio}/privacy")).QuerySelectorAll("#findings tbody a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/portfolio/{otherPortfolio}/items/{theirs}"], links);
        Assert.Equal(scanned + 2, cache.Scans);
    }

    [Fact]
    public async Task A_portfolio_without_identifiers_says_nothing_was_found()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio, "In supervision with Child A we reflected on the Child Protection Conference.");

        var page = await client.GetDocumentAsync($"/portfolio/{portfolio}/privacy");

        Assert.NotNull(page.QuerySelector("#no-findings"));
        Assert.Null(page.QuerySelector("#findings"));
    }

    [Fact]
    public async Task The_check_of_a_very_long_account_is_summarised_and_paged_and_each_page_stays_small()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[0].Id);
        const string unit = "Mrs Jane Smith called on 07700 900123 from SW1A 1AA. ";
        var body = string.Concat(Enumerable.Repeat(unit, 99_000 / unit.Length));
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.SaveItemAsync(client, portfolio, item, body, new Dictionary<int, string> { [1] = "Why" })).StatusCode);
        var expected = 3 * (99_000 / unit.Length);

        var first = await client.GetAsync($"/portfolio/{portfolio}/privacy");
        var bytes = (await first.Content.ReadAsByteArrayAsync()).Length;
        var page = await first.ReadPageAsync();

        Assert.True(bytes < 200_000, $"the first page is {bytes:N0} bytes");
        Assert.Contains($"We found {expected:N0} things", page.QuerySelector("#total")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Postcode: " + (expected / 3).ToString("N0"), "Phone number: " + (expected / 3).ToString("N0"), "Person's name: " + (expected / 3).ToString("N0")],
            page.QuerySelectorAll("#by-kind li").Select(li => li.TextContent.Trim()));
        Assert.Equal(25, page.QuerySelectorAll("#findings tbody tr").Length);
        var pages = (expected + 24) / 25;
        Assert.Contains(page.QuerySelectorAll("nav[aria-label='Pages of findings'] a"), a => a.GetAttribute("href") == $"/portfolio/{portfolio}/privacy?page={pages}");
        Assert.Contains(page.QuerySelectorAll("nav[aria-label='Pages of findings'] a"), a => a.GetAttribute("href") == $"/portfolio/{portfolio}/privacy?page=2" && a.GetAttribute("rel") == "next");

        var last = await client.GetAsync($"/portfolio/{portfolio}/privacy?page={pages}");
        var lastPage = await last.ReadPageAsync();
        Assert.True((await last.Content.ReadAsByteArrayAsync()).Length < 200_000);
        Assert.Equal(expected - ((pages - 1) * 25), lastPage.QuerySelectorAll("#findings tbody tr").Length);
        Assert.Equal(lastPage.QuerySelector("#findings tbody")!.InnerHtml, (await client.GetDocumentAsync($"/portfolio/{portfolio}/privacy?page=99999")).QuerySelector("#findings tbody")!.InnerHtml);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/portfolio/{portfolio}/privacy?page=not-a-number")).StatusCode);
        Assert.Equal($"{expected:N0} to check", (await client.GetDocumentAsync($"/portfolio/{portfolio}")).QuerySelector("#privacy-status")!.TextContent.Trim());
    }
}
