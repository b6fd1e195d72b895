using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Accreditation.Assessments.Data;
using Accreditation.Assessments.Tests.Support;
using Accreditation.Core.Data;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Assessments.Tests.Bank;

public sealed class BankTests(AssessmentSite site) : IClassFixture<AssessmentSite>
{
    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string fileName, string content)
    {
        var token = (await client.GetDocumentAsync("/assessment/bank")).AntiforgeryToken();
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/json");
        form.Add(file, "Upload", fileName);
        return await client.PostAsync("/assessment/bank?handler=Import", form);
    }

    private Task<List<QuestionItem>> ItemsAsync(string prefix) => site.WithScopeAsync(sp =>
        sp.GetRequiredService<AccreditationDbContext>().Set<QuestionItem>().AsNoTracking().Where(i => i.Key.StartsWith(prefix)).OrderBy(i => i.Key).ThenBy(i => i.Number).ToListAsync());

    [Fact]
    public async Task A_csv_with_a_bad_row_imports_nothing_and_names_each_problem_by_row()
    {
        await site.PrepareAsync();
        var lead = await site.LeadAsync();
        var csv = """
            key,kind,group,statements,scenario,scenario text,stem,options,correct,partial credit,rationale,status
            CSV-1,Single,General,1,,,"Which, of these?",A | B | C | D,2,no,Because,Live
            CSV-2,Single,General,1,,,Pick one,A | B,1;2,no,,Draft
            CSV-3,Sometimes,General,x,,,Pick,A | B,1,maybe,,Live
            """;
        var response = await ImportAsync(lead, "items.csv", csv);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = Accreditation.Testing.Pages.Parse(await response.Content.ReadAsStringAsync());
        var errors = page.QuerySelectorAll("#import-errors tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(errors, e => e.Contains('3') && e.Contains("Statements must be numbers"));
        Assert.Contains(errors, e => e.Contains('3') && e.Contains("Partial credit must be yes or no"));
        Assert.Empty(await ItemsAsync("CSV-"));

        // Fixed, the same file imports whole; commas and quotes inside fields survive.
        var fixedCsv = csv.Replace("CSV-2,Single,General,1,,,Pick one,A | B,1;2", "CSV-2,Multiple,General,1,,,Pick one,A | B | C,1;2", StringComparison.Ordinal)
            .Replace("CSV-3,Sometimes,General,x,,,Pick,A | B,1,maybe", "CSV-3,Single,General,2,,,Pick,A | B,1,no", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ImportAsync(lead, "items.csv", fixedCsv)).StatusCode);
        var items = await ItemsAsync("CSV-");
        Assert.Equal(["CSV-1", "CSV-2", "CSV-3"], items.Select(i => i.Key));
        Assert.Equal("Which, of these?", items[0].Stem);
        Assert.Equal("1", items[0].Correct);
    }

    [Fact]
    public async Task A_json_with_a_bad_row_imports_nothing_and_an_export_imports_back_unchanged()
    {
        await site.PrepareAsync();
        var lead = await site.LeadAsync();
        var json = """
            [ { "key": "JS-1", "kind": "Single", "group": "General", "statements": [1], "stem": "One?", "options": ["a", "b"], "correct": [1], "status": "Live" },
              { "key": "JS-2", "kind": "Multiple", "group": "General", "statements": [1], "stem": "Two?", "options": ["a", "b", "c"], "correct": [1, 2, 3], "status": "Live" },
              { "key": "JS-1", "kind": "Single", "group": "General", "statements": [1], "stem": "Again?", "options": ["a", "b"], "correct": [1], "status": "Live" } ]
            """;
        var response = await ImportAsync(lead, "items.json", json);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("A multiple-answer item needs at least one wrong option.", body);
        Assert.Contains("The key JS-1 appears more than once in the file.", body);
        Assert.Empty(await ItemsAsync("JS-"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ImportAsync(lead, "items.json", "{ not json")).StatusCode);

        var export = await lead.GetStringAsync("/assessment/bank?handler=Json");
        var again = await ImportAsync(lead, "export.json", export);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var done = await lead.GetDocumentAsync("/assessment/bank");
        Assert.Contains("0 new, 0 new versions, 0 updated", done.QuerySelector("#import-done")!.TextContent);
        var csv = await lead.GetStringAsync("/assessment/bank?handler=Csv");
        Assert.Equal(HttpStatusCode.Redirect, (await ImportAsync(lead, "export.csv", csv)).StatusCode);
        Assert.Contains("0 new, 0 new versions, 0 updated", (await lead.GetDocumentAsync("/assessment/bank")).QuerySelector("#import-done")!.TextContent);
    }

    [Fact]
    public async Task A_csv_download_never_hands_a_spreadsheet_a_formula_and_imports_back_as_written()
    {
        await site.PrepareAsync();
        var lead = await site.LeadAsync();
        var json = """
            [ { "key": "FX-1", "kind": "Single", "group": "General", "statements": [1], "stem": "=HYPERLINK(\"https://evil.example\",\"Open\")", "options": ["+1", "@SUM(A1)"], "correct": [1], "rationale": "-2+3", "status": "Live" } ]
            """;
        Assert.Equal(HttpStatusCode.Redirect, (await ImportAsync(lead, "formula.json", json)).StatusCode);

        var csv = await lead.GetStringAsync("/assessment/bank?handler=Csv");
        var row = csv.Split('\n').Single(l => l.StartsWith("FX-1,", StringComparison.Ordinal));
        // Every cell a spreadsheet would run as a formula starts with an apostrophe, so it is shown as text.
        Assert.DoesNotContain(",=", row, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=", row, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", row, StringComparison.Ordinal);
        Assert.Contains("'-2+3", row, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await ImportAsync(lead, "export.csv", csv)).StatusCode);
        var item = Assert.Single(await ItemsAsync("FX-"));
        Assert.Equal("=HYPERLINK(\"https://evil.example\",\"Open\")", item.Stem);
        Assert.Equal("-2+3", item.Rationale);
    }

    [Fact]
    public async Task An_item_used_in_a_sitting_is_never_changed_in_place()
    {
        var candidate = await site.CandidateAsync();
        var sitting = await candidate.StartedSittingAsync();
        var used = await site.ItemAtAsync(sitting, 1);
        var lead = await site.LeadAsync();
        var form = await lead.GetDocumentAsync($"/assessment/bank/item/{used.Key}");
        var fields = form.QuerySelectorAll("form input[type=text], form textarea, form select").ToDictionary(
            e => e.GetAttribute("name")!,
            e => e.LocalName == "select" ? e.QuerySelector("option[selected]")!.GetAttribute("value")! : e.LocalName == "textarea" ? e.TextContent : e.GetAttribute("value") ?? "");
        fields["Stem"] = used.Stem + " (reworded)";
        var saved = await lead.PostFormAsync($"/assessment/bank/item/{used.Key}", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var versions = await ItemsAsync(used.Key);
        Assert.Equal(2, versions.Count);
        Assert.Equal(used.Stem, versions[0].Stem);
        Assert.Equal(ItemStatus.Superseded, versions[0].Status);
        Assert.Equal(used.Stem + " (reworded)", versions[1].Stem);
        Assert.Equal(ItemStatus.Live, versions[1].Status);
        // The candidate still sees the version drawn for them.
        var page = await candidate.Client.GetDocumentAsync($"/assessment/sittings/{sitting}/1");
        Assert.Equal(used.Stem, page.QuerySelector("h1")!.TextContent.Trim());

        // An unused draft is edited in place; a bad edit is refused with a message and changes nothing.
        var create = await lead.PostFormAsync("/assessment/bank/item", new Dictionary<string, string>
        {
            ["Key"] = "ED-1", ["Kind"] = "Single", ["Group"] = "General", ["Statements"] = "1", ["Stem"] = "First", ["Options"] = "a\nb", ["Correct"] = "1", ["Status"] = "Draft",
        });
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var bad = await lead.PostFormAsync("/assessment/bank/item/ED-1", new Dictionary<string, string>
        {
            ["Kind"] = "Single", ["Group"] = "General", ["Statements"] = "1", ["Stem"] = "Second", ["Options"] = "a\nb", ["Correct"] = "1, 5", ["Status"] = "Draft",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("The correct answers must be option numbers from 1 to 2, each once.", await bad.Content.ReadAsStringAsync());
        Assert.Equal("First", (await ItemsAsync("ED-1")).Single().Stem);
    }

    [Fact]
    public async Task Statistics_page_and_csv_show_each_item_with_its_facility()
    {
        var candidate = await site.CandidateAsync();
        var sitting = await candidate.StartedSittingAsync();
        Assert.Equal(HttpStatusCode.OK, (await candidate.Client.SaveAsync(sitting, 1, [0])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await candidate.Client.PostFormAsync($"/assessment/sittings/{sitting}/review", new Dictionary<string, string>())).StatusCode);
        var item = await site.ItemAtAsync(sitting, 1);
        var lead = await site.LeadAsync();
        var page = await lead.GetDocumentAsync("/assessment/bank/statistics");
        Assert.Contains(page.QuerySelectorAll("#statistics tbody tr"), r => r.TextContent.Contains($"{item.Key} v{item.Number}"));
        var csv = await lead.GetStringAsync("/assessment/bank/statistics?handler=Csv");
        Assert.StartsWith("key,version,group,status,responses,facility,discrimination,option counts,median seconds,flags", csv);
        Assert.Contains($"\n{item.Key},{item.Number},", csv);
    }
}
