using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Submissions;
using Accreditation.Portfolios.Tests.Support;
using Accreditation.Testing;

namespace Accreditation.Portfolios.Tests.Export;

/// <summary>The candidate downloads the whole portfolio as a ZIP that needs nothing of this service to be read.</summary>
public sealed class ExportTests(PortfoliosSite site) : IClassFixture<PortfoliosSite>
{
    [Fact]
    public async Task The_export_zip_opens_its_index_lists_every_item_and_its_json_round_trips()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio, "Reflection with <b>markup</b> & ampersands.");
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Pdf(), "audit.pdf", statements[4].Id, "Audit report")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Docx("Plan text."), "plan.docx", statements[5].Id, "Service plan")).StatusCode);

        var response = await client.GetAsync($"/portfolio/{portfolio}/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("portfolio-test-programme-2026-11-02.zip", response.Content.Headers.ContentDisposition.FileNameStar);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("index.html", names);
        Assert.Contains("portfolio.json", names);

        string Read(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }

        var document = PortfolioDocument.FromJson(Read("portfolio.json"))!;
        Assert.Equal(3, document.Items.Count);
        Assert.Equal(PortfolioDocument.CurrentFormat, document.Format);
        Assert.Equal(Read("portfolio.json"), document.ToJson());
        Assert.Equal(statements.Select(s => s.Title), document.Statements.Select(s => s.Title));

        var index = Accreditation.Testing.Pages.Parse(Read("index.html"));
        Assert.Equal(["Audit report", "Leading the supervision redesign", "Service plan"], index.QuerySelectorAll("section.item h3").Select(h => h.TextContent).Order(StringComparer.Ordinal));
        Assert.Contains("Reflection with <b>markup</b> & ampersands.", index.QuerySelector("section.item .body")!.TextContent, StringComparison.Ordinal);
        Assert.Null(index.QuerySelector("section.item .body b"));
        Assert.Empty(index.QuerySelectorAll("script, link[rel=stylesheet], img[src^=http]"));
        foreach (var item in document.Items)
        {
            Assert.NotNull(index.QuerySelector($"#item-{item.Id:N}"));
            foreach (var mapping in item.Mappings)
            {
                Assert.Contains(index.QuerySelectorAll($"#item-{item.Id:N} li"), li => li.TextContent.StartsWith($"{mapping.StatementNumber}.", StringComparison.Ordinal) && li.TextContent.EndsWith(mapping.Rationale, StringComparison.Ordinal));
            }

            if (item.File is { } file)
            {
                Assert.Contains(file.Path, names);
                Assert.NotNull(index.QuerySelector($"a[href='{file.Path}']"));
                using var stream = zip.GetEntry(file.Path)!.Open();
                Assert.Equal(file.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
            }
        }

        Assert.Equal(2, document.Items.Count(i => i.Kind == EvidenceKind.Document));
    }

    [Fact]
    public async Task An_empty_portfolio_exports_too()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();

        var response = await client.GetAsync($"/portfolio/{portfolio}/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["index.html", "portfolio.json"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }
}
