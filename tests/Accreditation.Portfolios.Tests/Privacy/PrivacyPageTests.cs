using System.Net;
using Accreditation.Portfolios.Tests.Support;
using Accreditation.Testing;

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
    public async Task A_portfolio_without_identifiers_says_nothing_was_found()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio, "In supervision with Child A we reflected on the Child Protection Conference.");

        var page = await client.GetDocumentAsync($"/portfolio/{portfolio}/privacy");

        Assert.NotNull(page.QuerySelector("#no-findings"));
        Assert.Null(page.QuerySelector("#findings"));
    }
}
