using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Accreditation.Core.Security;
using Accreditation.Cpd.Export;
using Accreditation.Cpd.Tests.Support;
using Accreditation.Testing;

namespace Accreditation.Cpd.Tests.Export;

/// <summary>A year's records export as CSV and JSON that read back to the same records, a printable page, and every year as one ZIP.</summary>
public sealed class ExportTests(CpdSite site) : IClassFixture<CpdSite>
{
    private async Task<Person> PersonWithRecordsAsync()
    {
        var person = await site.PersonAsync(Roles.Candidate);
        var tricky = CpdSite.RecordFields("Reading: \"Signs of Safety\", revisited", new DateOnly(2026, 2, 3),
            "Line one, with a comma.\nLine two with \"quotes\" and ünïcödé — and a formula-looking =SUM(A1) inside.");
        tricky["Input.Link"] = "https://www.example.org/signs-of-safety?a=1&b=2";
        await site.RecordAsync(person, tricky);
        var formula = CpdSite.RecordFields("=HYPERLINK(\"http://evil.example\")", new DateOnly(2026, 3, 4), peer: true);
        formula["Input.ActivityType"] = "PeerDiscussion";
        formula["Input.PeerDateDay"] = "4";
        formula["Input.PeerDateMonth"] = "3";
        formula["Input.PeerDateYear"] = "2026";
        await site.RecordAsync(person, formula);
        await site.RecordAsync(person, CpdSite.RecordFields("An earlier year", new DateOnly(2025, 6, 1)));
        return person;
    }

    [Fact]
    public async Task The_csv_and_json_of_a_year_read_back_to_the_same_records()
    {
        var person = await PersonWithRecordsAsync();

        var json = await person.Client.GetAsync("/cpd/years/2025-26/export.json");
        var csv = await person.Client.GetAsync("/cpd/years/2025-26/export.csv");

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("attachment", json.Content.Headers.ContentDisposition!.DispositionType);
        var year = JsonSerializer.Deserialize<ExportedYear>(await json.Content.ReadAsStringAsync(), CpdExport.Json)!;
        Assert.Equal("2025-26", year.Year);
        Assert.True(year.RequirementMet);
        Assert.Equal(["Reading: \"Signs of Safety\", revisited", "=HYPERLINK(\"http://evil.example\")"], year.Records.Select(r => r.Title));
        var first = year.Records[0];
        Assert.Equal("2026-02-03", first.Date);
        Assert.Equal(1.5m, first.Hours);
        Assert.Equal("Line one, with a comma.\nLine two with \"quotes\" and ünïcödé — and a formula-looking =SUM(A1) inside.", first.WhatItWasAndWhyRelevant);
        Assert.Equal("https://www.example.org/signs-of-safety?a=1&b=2", first.Link);
        Assert.Equal("Priya Shah", year.Records[1].PeerName);
        Assert.Equal("2026-03-04", year.Records[1].PeerDate);
        Assert.Equal("Peer discussion", year.Records[1].ActivityType);

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()));
        var rows = Csv.Parse(Encoding.UTF8.GetString(bytes.AsSpan(3)));
        Assert.Equal(CpdExport.Headings, rows[0]);
        Assert.Equal(year.Records.Count + 1, rows.Count);
        for (var i = 0; i < year.Records.Count; i++)
        {
            var r = year.Records[i];
            string?[] expected =
            [
                r.Date, r.ActivityType, r.Title, r.Hours.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), r.WhatItWasAndWhyRelevant,
                r.WhatILearned, r.ImpactOnPracticeAndPeople, r.PeerName ?? "", r.PeerRole ?? "", r.PeerDate ?? "", r.WhatILearnedFromThePeer ?? "",
                string.Join("; ", r.Statements), r.Link ?? "",
            ];
            Assert.Equal(expected, rows[i + 1].Select(Csv.Unguard));
        }

        // A cell a spreadsheet would run as a formula is written as text.
        Assert.Equal("'=HYPERLINK(\"http://evil.example\")", rows[2][2]);
    }

    [Fact]
    public async Task The_printable_page_shows_every_record_of_the_year_and_the_zip_holds_every_year()
    {
        var person = await PersonWithRecordsAsync();

        var print = await person.Client.GetDocumentAsync("/cpd/years/2025-26/print");
        var zip = await person.Client.GetAsync("/cpd/export.zip");

        Assert.Equal("CPD record 2025-26", print.QuerySelector("h1")!.TextContent.Trim());
        var headings = print.QuerySelectorAll("main h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Reading: \"Signs of Safety\", revisited", "=HYPERLINK(\"http://evil.example\")"], headings);
        Assert.Contains("What I learned from the discussion", print.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("The year's requirement is met", print.Body!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
        Assert.Equal(["cpd-2024-25.csv", "cpd-2024-25.json", "cpd-2025-26.csv", "cpd-2025-26.json"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(archive.GetEntry("cpd-2024-25.json")!.Open());
        var earlier = JsonSerializer.Deserialize<ExportedYear>(await reader.ReadToEndAsync(), CpdExport.Json)!;
        Assert.Equal("An earlier year", Assert.Single(earlier.Records).Title);
    }

    [Fact]
    public async Task An_unknown_year_is_404_and_another_persons_export_holds_none_of_this_persons_records()
    {
        var person = await PersonWithRecordsAsync();
        var other = await site.PersonAsync(Roles.Candidate);

        Assert.Equal(HttpStatusCode.NotFound, (await person.Client.GetAsync("/cpd/years/2025-27/export.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await person.Client.GetAsync("/cpd/years/nonsense/print")).StatusCode);
        var json = await other.Client.GetStringAsync("/cpd/years/2025-26/export.json");
        Assert.Empty(JsonSerializer.Deserialize<ExportedYear>(json, CpdExport.Json)!.Records);
    }
}

/// <summary>A small RFC 4180 reader, independent of the exporter, to read the CSV back.</summary>
internal static class Csv
{
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }

        Assert.False(quoted, "The CSV ends inside a quoted cell.");
        Assert.Empty(row);
        return rows;
    }

    /// <summary>Removes the apostrophe the exporter puts before a cell a spreadsheet would run as a formula.</summary>
    public static string Unguard(string cell) => cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? cell[1..] : cell;
}
