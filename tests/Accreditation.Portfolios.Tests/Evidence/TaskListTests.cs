using System.Net;
using Accreditation.Portfolios.Tests.Support;
using Accreditation.Testing;

namespace Accreditation.Portfolios.Tests.Evidence;

/// <summary>The task list shows every statement with a state and a word count that follow the evidence.</summary>
public sealed class TaskListTests(PortfoliosSite site) : IClassFixture<PortfoliosSite>
{
    private static async Task<Dictionary<int, (string State, string Hint)>> RowsAsync(HttpClient client, Guid portfolio)
    {
        var page = await client.GetDocumentAsync($"/portfolio/{portfolio}");
        return page.QuerySelectorAll("#statements .govuk-task-list__item").ToDictionary(
            li => int.Parse(li.Id!["statement-".Length..], System.Globalization.CultureInfo.InvariantCulture),
            li => (li.QuerySelector(".govuk-task-list__status")!.TextContent.Trim(), li.QuerySelector(".govuk-task-list__hint")!.TextContent.Trim()));
    }

    [Fact]
    public async Task Task_list_states_follow_the_evidence()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();

        var start = await RowsAsync(client, portfolio);
        Assert.Equal(statements.Count, start.Count);
        Assert.All(start.Values, row => Assert.Equal("Not started", row.State));

        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[0].Id);
        var started = await RowsAsync(client, portfolio);
        Assert.Equal("In progress", started[1].State);
        Assert.Equal("Not started", started[2].State);

        var saved = await PortfoliosSite.SaveItemAsync(client, portfolio, item, "I led a review of how our front door listens to families.", new Dictionary<int, string> { [1] = "Shows governance shaped by families" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var evidenced = await RowsAsync(client, portfolio);
        Assert.Equal("Evidenced", evidenced[1].State);
        Assert.StartsWith("17 words, 1 evidence item", evidenced[1].Hint, StringComparison.Ordinal);
        Assert.Equal("Not started", evidenced[2].State);
        Assert.Empty(site.UnexpectedServerProblems());
    }

    [Fact]
    public async Task An_item_mapped_to_two_statements_counts_for_both()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[0].Id);

        var saved = await PortfoliosSite.SaveItemAsync(client, portfolio, item, "Five words of reflective text.",
            new Dictionary<int, string> { [1] = "One two", [3] = "Three four five" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var rows = await RowsAsync(client, portfolio);
        Assert.Equal("Evidenced", rows[1].State);
        Assert.Equal("Evidenced", rows[3].State);
        Assert.StartsWith("7 words, 1 evidence item", rows[1].Hint, StringComparison.Ordinal);
        Assert.StartsWith("8 words, 1 evidence item", rows[3].Hint, StringComparison.Ordinal);
        Assert.Equal("Not started", rows[2].State);
    }

    [Fact]
    public async Task Saving_without_a_rationale_or_statement_is_refused_next_to_the_field()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[1].Id);

        var noRationale = await PortfoliosSite.SaveItemAsync(client, portfolio, item, "Text", new Dictionary<int, string> { [2] = "" });
        var none = await PortfoliosSite.SaveItemAsync(client, portfolio, item, "Text", new Dictionary<int, string>());

        Assert.Equal(HttpStatusCode.OK, noRationale.StatusCode);
        var page = await noRationale.ReadPageAsync();
        Assert.Contains("Explain briefly how this evidence shows statement 2", page.ErrorSummary());
        Assert.NotNull(page.QuerySelector(".govuk-form-group--error textarea[name='Mappings[1].Rationale']"));
        Assert.Equal("#Mappings_1__Rationale", page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.GetAttribute("href")).Single());
        Assert.Contains("Select at least one statement this evidence shows", (await none.ReadPageAsync()).ErrorSummary());
        Assert.Equal("In progress", (await RowsAsync(client, portfolio))[2].State);
    }
}
