using System.Net;
using System.Text.Json;
using Accreditation.Portfolios.Tests.Support;
using Accreditation.Testing;

namespace Accreditation.Portfolios.Tests.Evidence;

/// <summary>Drafts autosave, every save is kept in the history, and two tabs never silently overwrite each other.</summary>
public sealed class EditingTests(PortfoliosSite site) : IClassFixture<PortfoliosSite>
{
    private static async Task<HttpResponseMessage> AutosaveAsync(HttpClient client, Guid portfolio, Guid item, Dictionary<string, string> fields)
    {
        // As the script does: the form's fields, with the antiforgery token also in the X-CSRF-TOKEN header.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/portfolio/{portfolio}/items/{item}?handler=Autosave")
        {
            Content = new FormUrlEncodedContent(fields.Where(f => f.Key != "__RequestVerificationToken")),
        };
        request.Headers.Add("X-CSRF-TOKEN", fields["__RequestVerificationToken"]);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Autosave_keeps_the_draft_and_the_history_lists_each_version()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[1].Id);
        var (fields, _) = await PortfoliosSite.ItemFormAsync(client, portfolio, item);

        fields["Body"] = "First draft, typed and never saved by hand.";
        var first = await AutosaveAsync(client, portfolio, item, fields);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var version = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetUInt32();
        fields["RowVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        fields["Body"] = "First draft, typed and never saved by hand. Then a second sentence.";
        Assert.Equal(HttpStatusCode.OK, (await AutosaveAsync(client, portfolio, item, fields)).StatusCode);

        // The browser closed: the next visit shows the autosaved text.
        var reopened = await PortfoliosSite.ItemFormAsync(client, portfolio, item);
        Assert.Equal("First draft, typed and never saved by hand. Then a second sentence.", reopened.Fields["Body"]);

        var saved = await PortfoliosSite.SaveItemAsync(client, portfolio, item, "The final text, saved with the button.", new Dictionary<int, string> { [2] = "Culture of reflection" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var history = await client.GetDocumentAsync($"/portfolio/{portfolio}/items/{item}/history");
        var versions = history.QuerySelectorAll(".app-revisions .govuk-details__summary-text").Select(s => s.TextContent.Trim()).ToList();
        Assert.Equal(2, versions.Count);
        Assert.StartsWith("Version 2, saved on", versions[0], StringComparison.Ordinal);
        Assert.StartsWith("Version 1, saved automatically on", versions[1], StringComparison.Ordinal);
        var texts = history.QuerySelectorAll(".app-revisions .govuk-details__text").Select(t => t.TextContent).ToList();
        Assert.Contains("The final text, saved with the button.", texts[0], StringComparison.Ordinal);
        Assert.Contains("Then a second sentence.", texts[1], StringComparison.Ordinal);
        Assert.Empty(site.UnexpectedServerProblems());
    }

    [Fact]
    public async Task A_save_from_a_stale_tab_is_a_409_conflict_that_keeps_both_texts()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[2].Id);
        var tabA = await PortfoliosSite.ItemFormAsync(client, portfolio, item);
        var tabB = await PortfoliosSite.ItemFormAsync(client, portfolio, item);

        PortfoliosSite.SetMappings(tabA.Fields, tabA.Page, new Dictionary<int, string> { [3] = "Systems" });
        tabA.Fields["Body"] = "Text written in tab A.";
        var savedA = await client.PostAsync($"/portfolio/{portfolio}/items/{item}", new FormUrlEncodedContent(tabA.Fields));
        Assert.Equal(HttpStatusCode.Redirect, savedA.StatusCode);

        PortfoliosSite.SetMappings(tabB.Fields, tabB.Page, new Dictionary<int, string> { [3] = "Systems" });
        tabB.Fields["Body"] = "Different text written in tab B.";
        var savedB = await client.PostAsync($"/portfolio/{portfolio}/items/{item}", new FormUrlEncodedContent(tabB.Fields));

        Assert.Equal(HttpStatusCode.Conflict, savedB.StatusCode);
        var page = await savedB.ReadPageAsync();
        Assert.Contains(page.ErrorSummary(), m => m.StartsWith("This evidence was changed in another tab or window", StringComparison.Ordinal));
        Assert.Equal("Different text written in tab B.", page.QuerySelector("textarea#Body")!.TextContent);
        Assert.Contains("Text written in tab A.", page.QuerySelector("#saved-version")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Text written in tab A.", (await PortfoliosSite.ItemFormAsync(client, portfolio, item)).Fields["Body"]);

        // An autosave from the stale tab is refused the same way, as JSON the script shows.
        var stale = await AutosaveAsync(client, portfolio, item, tabB.Fields);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.StartsWith("This evidence was changed", JsonDocument.Parse(await stale.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Saving again from the conflict page (which now carries the current version) keeps tab B's text on purpose.
        var again = page.QuerySelector("form#evidence-form input[name=RowVersion]")!.GetAttribute("value")!;
        tabB.Fields["RowVersion"] = again;
        tabB.Fields["__RequestVerificationToken"] = page.AntiforgeryToken();
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"/portfolio/{portfolio}/items/{item}", new FormUrlEncodedContent(tabB.Fields))).StatusCode);
        Assert.Equal("Different text written in tab B.", (await PortfoliosSite.ItemFormAsync(client, portfolio, item)).Fields["Body"]);
    }

    [Fact]
    public async Task An_autosave_without_the_antiforgery_header_is_refused()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[0].Id);
        var (fields, _) = await PortfoliosSite.ItemFormAsync(client, portfolio, item);
        fields.Remove("__RequestVerificationToken");
        fields["Body"] = "Forged";

        var response = await client.PostAsync($"/portfolio/{portfolio}/items/{item}?handler=Autosave", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("", (await PortfoliosSite.ItemFormAsync(client, portfolio, item)).Fields["Body"]);
    }

    [Fact]
    public async Task Preview_renders_markdown_and_removes_scripts_without_saving()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[0].Id);

        var response = await PortfoliosSite.SaveItemAsync(client, portfolio, item, "**Bold** point\n\n<script>alert(1)</script>\n\n[link](javascript:alert(2))", new Dictionary<int, string>(), handler: "Preview");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = (await response.ReadPageAsync()).QuerySelector("#preview")!;
        Assert.Equal("Bold", preview.QuerySelector("strong")!.TextContent);
        Assert.Null(preview.QuerySelector("script"));
        Assert.DoesNotContain("javascript:", preview.InnerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", (await PortfoliosSite.ItemFormAsync(client, portfolio, item)).Fields["Body"]);
    }

    [Fact]
    public async Task Save_refuses_a_script_link_with_a_message_while_autosave_keeps_the_text_and_shows_it_as_no_link()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[0].Id);
        const string body = "My reflection on [the review](javascript:alert(1)), [the model](vbscript:msgbox(2)) and [the paper](doi:10.5555/ev.1).";

        var saved = await PortfoliosSite.SaveItemAsync(client, portfolio, item, body, new Dictionary<int, string> { [1] = "Leadership of the review" });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var page = await saved.ReadPageAsync();
        Assert.Contains("Links starting with javascript: are not allowed", page.QuerySelector("#Body-error")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(body, (page.QuerySelector("#Body") as AngleSharp.Html.Dom.IHtmlTextAreaElement)?.Value);

        // The autosave keeps every word (a candidate never loses text), and the text is shown with the links as text.
        var (fields, _) = await PortfoliosSite.ItemFormAsync(client, portfolio, item);
        fields["Body"] = body;
        Assert.Equal(HttpStatusCode.OK, (await AutosaveAsync(client, portfolio, item, fields)).StatusCode);
        Assert.Equal(body, (await PortfoliosSite.ItemFormAsync(client, portfolio, item)).Fields["Body"]);
        var history = await client.GetDocumentAsync($"/portfolio/{portfolio}/items/{item}/history");
        var hrefs = history.QuerySelectorAll(".app-revisions a[href]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.DoesNotContain(hrefs, h => h.Contains("script", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("https://doi.org/10.5555/ev.1", hrefs);
        Assert.Contains("the review", history.QuerySelector(".app-revisions")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_item_page_loads_the_autosave_script_from_the_modules_static_files()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[0].Id);

        var page = await client.GetDocumentAsync($"/portfolio/{portfolio}/items/{item}");

        var script = page.QuerySelector("script[type=module][src*=autosave]")!.GetAttribute("src")!;
        Assert.StartsWith("/_content/Accreditation.Theme/js/autosave.js", script, StringComparison.Ordinal);
        Assert.Contains("data-autosave", await client.GetStringAsync(script), StringComparison.Ordinal); // the shared script is served
        Assert.Equal($"/portfolio/{portfolio}/items/{item}?handler=Autosave", page.QuerySelector("form#evidence-form")!.GetAttribute("data-autosave"));
        Assert.Empty(page.QuerySelectorAll("main script:not([src])"));
    }

    [Fact]
    public async Task A_record_of_observation_names_the_colleague()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[4].Id, "Observation");

        var missing = await PortfoliosSite.SaveItemAsync(client, portfolio, item, "Observed me chairing a complex case discussion.", new Dictionary<int, string> { [5] = "Decision-making" });
        Assert.Contains("Enter the name of the colleague who observed you or gave feedback", (await missing.ReadPageAsync()).ErrorSummary());

        var saved = await PortfoliosSite.SaveItemAsync(client, portfolio, item, "Observed me chairing a complex case discussion.", new Dictionary<int, string> { [5] = "Decision-making" },
            change: f => { f["ObserverName"] = "Alex Colleague"; f["ObserverRole"] = "Principal social worker"; });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var form = await PortfoliosSite.ItemFormAsync(client, portfolio, item);
        Assert.Equal("Alex Colleague", form.Fields["ObserverName"]);
        Assert.Equal("Record of observation or feedback", form.Page.QuerySelector(".govuk-caption-l")!.TextContent.Trim());
    }

    [Fact]
    public async Task Saving_evidence_removed_in_another_tab_is_a_conflict_not_an_error()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[0].Id);
        var stale = await PortfoliosSite.ItemFormAsync(client, portfolio, item);
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.RemoveItemAsync(client, portfolio, item)).StatusCode);

        stale.Fields["Body"] = "Typed before the other tab removed it.";
        var autosave = await AutosaveAsync(client, portfolio, item, stale.Fields);

        Assert.Equal(HttpStatusCode.NotFound, autosave.StatusCode);
        Assert.Empty(site.UnexpectedServerProblems());
    }
}
