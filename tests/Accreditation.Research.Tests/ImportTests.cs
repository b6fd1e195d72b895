using System.Net;
using System.Text;
using Accreditation.Core.Data;
using Accreditation.Research.Imports;
using Accreditation.Research.Indexing;
using Accreditation.Research.Library;
using Accreditation.Testing;
using AngleSharp.Html.Dom;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Accreditation.Research.Tests;

/// <summary>Imports: previews with line numbers, all or nothing, re-imports update, files recognised by content.</summary>
public sealed class ImportTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    private const string GoodCsv =
        "title,authors,year,type,abstract,topics,access,doi\n" +
        "Kinship care outcomes,\"Holmes, L.\",2020,Research review,Outcomes for children in kinship care.,Kinship care,Public,10.5555/kin.1\n" +
        "Care leavers and housing,\"Stein, M.; Dixon, J.\",2019,Evaluation,\"Housing for care leavers,\nwith a second line.\",Care leavers,Staff,\n";

    private Task<ImportPlan> PreviewAsync(params (string Name, string Text)[] files) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<LibraryImporter>().PreviewAsync(files.Select(f => (f.Name, Encoding.UTF8.GetBytes(f.Text))).ToList()));

    private Task<bool> ImportAsync(ImportPlan plan) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<LibraryImporter>().ImportAsync(plan));

    private Task<int> CountAsync(string titleStart) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<ResearchItem>().CountAsync(i => i.Title.StartsWith(titleStart)));

    [Fact]
    public async Task Bad_rows_are_reported_with_their_line_numbers_and_nothing_is_imported()
    {
        _ = site.Server;
        var csv =
            "title,year,abstract,access,topics\n" +
            "Bad import good row,2020,Fine.,Public,\n" +
            "Bad import bad year,20x0,Fine.,Public,\n" +
            "Bad import multi-line,2021,\"First line\nsecond line\",Staff,\n" +
            ",2021,No title.,Public,\n" +
            "Bad import unknown topic,2021,Fine.,Everyone,Astrology\n";
        var before = await DatabaseSnapshot.TakeAsync(site.Services);

        var plan = await PreviewAsync(("list.csv", csv));

        Assert.False(plan.CanImport);
        Assert.Equal([2, 3, 4, 6, 7], plan.Rows.Select(r => r.Row.Line).ToList());
        Assert.Equal([ImportAction.Create, ImportAction.Invalid, ImportAction.Create, ImportAction.Invalid, ImportAction.Invalid], plan.Rows.Select(r => r.Action).ToList());
        Assert.Contains("20x0", Assert.Single(plan.Rows[1].Row.Errors), StringComparison.Ordinal);
        Assert.Equal("The title is empty.", Assert.Single(plan.Rows[3].Row.Errors));
        Assert.Equal(2, plan.Rows[4].Row.Errors.Count); // unknown access and unknown topic
        Assert.False(await ImportAsync(plan));
        Assert.Empty(DatabaseSnapshot.Differences(before, await DatabaseSnapshot.TakeAsync(site.Services)));
    }

    [Fact]
    public async Task Links_other_than_https_http_mailto_and_doi_are_refused_row_by_row_and_nothing_is_imported()
    {
        _ = site.Server;
        var csv =
            "title,year,access,link\n" +
            "Link import javascript,2020,Public,javascript:alert(1)\n" +
            "Link import data,2020,Public,\"data:text/html,<script>alert(1)</script>\"\n" +
            "Link import vbscript,2020,Public,VBScript:msgbox(1)\n" +
            "Link import hidden,2020,Public,\"java\tscript:alert(1)\"\n" +
            "Link import doi,2020,Public,doi:10.5555/link.1\n" +
            "Link import https,2020,Public,https://example.org/guide\n";
        var before = await DatabaseSnapshot.TakeAsync(site.Services);

        var plan = await PreviewAsync(("links.csv", csv));

        Assert.False(plan.CanImport);
        Assert.Equal([ImportAction.Invalid, ImportAction.Invalid, ImportAction.Invalid, ImportAction.Invalid, ImportAction.Create, ImportAction.Create], plan.Rows.Select(r => r.Action).ToList());
        Assert.Contains("Links starting with javascript: are not allowed", Assert.Single(plan.Rows[0].Row.Errors), StringComparison.Ordinal);
        Assert.Contains("Links starting with data: are not allowed", Assert.Single(plan.Rows[1].Row.Errors), StringComparison.Ordinal);
        Assert.Contains("Links starting with vbscript: are not allowed", Assert.Single(plan.Rows[2].Row.Errors), StringComparison.Ordinal);
        Assert.Contains("Links starting with javascript: are not allowed", Assert.Single(plan.Rows[3].Row.Errors), StringComparison.Ordinal);
        Assert.False(await ImportAsync(plan));
        Assert.Empty(DatabaseSnapshot.Differences(before, await DatabaseSnapshot.TakeAsync(site.Services)));

        var ris = "TY  - JOUR\nTI  - Link import RIS\nPY  - 2020\nUR  - javascript:alert(1)\nER  - \n";
        var risRow = Assert.Single((await PreviewAsync(("links.ris", ris))).Rows);
        Assert.Equal(ImportAction.Invalid, risRow.Action);
        Assert.Contains(risRow.Row.Errors, e => e.Contains("Links starting with javascript: are not allowed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_link_that_reached_the_database_is_never_rendered_as_a_link()
    {
        _ = site.Server;
        var id = await site.AddItemAsync("Rendered link safety", "Links that slipped past every form.", i =>
        {
            i.Link = "javascript:alert(1)";
            i.FullText = "Read [the guide](javascript:alert(2)), [the data](data:text/html;base64,PHNjcmlwdD4=), <vbscript:msgbox(3)>, " +
                "[the paper](doi:10.5555/safe.1) and [mail us](mailto:library@example.gov.uk).";
        });
        await site.RunIndexWorkerAsync();

        var html = await site.CreateClient().GetStringAsync($"/research/items/{id}");
        var page = Accreditation.Testing.Pages.Parse(html);
        var hrefs = page.QuerySelectorAll("main a[href]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.DoesNotContain(hrefs, h => h.Contains("script", StringComparison.OrdinalIgnoreCase) || h.StartsWith("data:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("https://doi.org/10.5555/safe.1", hrefs);
        Assert.Contains("mailto:library@example.gov.uk", hrefs);
        Assert.Null(page.QuerySelector("a[href='javascript:alert(1)']"));
        Assert.Contains("the guide", page.QuerySelector(".app-prose")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Read the original", html, StringComparison.Ordinal);

        var found = await site.CreateClient().GetStringAsync("/api/research/search?q=rendered+link+safety");
        var hit = System.Text.Json.JsonDocument.Parse(found).RootElement.GetProperty("hits").EnumerateArray().Single(h => h.GetProperty("id").GetGuid() == id);
        Assert.Equal("", hit.GetProperty("link").GetString());
    }

    [Fact]
    public async Task Importing_the_same_file_again_updates_rather_than_duplicates()
    {
        _ = site.Server;
        var first = await PreviewAsync(("library.csv", GoodCsv));
        Assert.True(first.CanImport, string.Join("; ", first.Rows.SelectMany(r => r.Row.Errors)));
        Assert.True(await ImportAsync(first));
        Assert.Equal(1, await CountAsync("Kinship care outcomes"));
        Assert.Equal(1, await CountAsync("Care leavers and housing"));

        var again = await PreviewAsync(("library.csv", GoodCsv.Replace("Outcomes for children", "Longer-term outcomes for children", StringComparison.Ordinal)));
        Assert.Equal([ImportAction.Update, ImportAction.Unchanged], again.Rows.Select(r => r.Action).ToList());
        Assert.True(await ImportAsync(again));
        Assert.Equal(1, await CountAsync("Kinship care outcomes"));
        Assert.Equal(1, await CountAsync("Care leavers and housing"));
        var item = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<ResearchItem>().Include(i => i.Topics).SingleAsync(i => i.Doi == "10.5555/kin.1"));
        Assert.StartsWith("Longer-term", item.Abstract, StringComparison.Ordinal);
        Assert.Equal(["Kinship care"], item.Topics.Select(t => t.Name));
        Assert.Equal("Holmes, L.", item.Authors);
    }

    [Fact]
    public async Task Ris_records_are_read_and_matched_by_doi_or_title_and_year()
    {
        _ = site.Server;
        var ris =
            "TY  - JOUR\nTI  - RIS import: relationship-based practice\nAU  - Ruch, G.\nAU  - Turney, D.\nPY  - 2018/05/01\nAB  - Relationships at the heart\n  of social work.\nJO  - Journal of Social Work Practice\nDO  - https://doi.org/10.5555/RIS.1\nKW  - Supervision\nKW  - Not a topic\nER  - \n" +
            "TY  - RPRT\nTI  - RIS import: a report without a DOI\nPY  - 2022\nER  - \n";
        var plan = await PreviewAsync(("refs.txt", ris));
        Assert.True(plan.CanImport, string.Join("; ", plan.Rows.SelectMany(r => r.Row.Errors)));
        Assert.Equal([1, 13], plan.Rows.Select(r => r.Row.Line).ToList());
        var article = plan.Rows[0].Row;
        Assert.Equal("Ruch, G.; Turney, D.", article.Authors);
        Assert.Equal(2018, article.Year);
        Assert.Equal("10.5555/ris.1", article.Doi);
        Assert.Equal("Relationships at the heart of social work.", article.Abstract);
        Assert.Equal(["Supervision"], article.Topics);
        Assert.Contains(article.Notes, n => n.Contains("Not a topic", StringComparison.Ordinal));
        Assert.True(await ImportAsync(plan));

        var again = await PreviewAsync(("refs.ris", ris));
        Assert.All(again.Rows, r => Assert.Equal(ImportAction.Unchanged, r.Action));
        var broken = await PreviewAsync(("broken.ris", "TY  - JOUR\nAU  - Nobody\nER  - \nTY  - JOUR\nTI  - Never ended\n"));
        Assert.Equal(["The record has no title (TI)."], broken.Rows[0].Row.Errors);
        Assert.Equal(4, broken.Rows[1].Row.Line);
        Assert.Contains("ER line", Assert.Single(broken.Rows[1].Row.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_are_recognised_by_their_content_not_their_name()
    {
        _ = site.Server;
        var pdf = Pdf("Signs of Safety in practice", "Signs of Safety is a strengths-based approach.");
        Assert.Equal(ImportFormat.Pdf, ImportReaders.Detect(pdf));
        Assert.Equal(ImportFormat.Docx, ImportReaders.Detect(Docx("Life story work", "Helping children understand their history.")));
        Assert.Equal(ImportFormat.Unknown, ImportReaders.Detect([0x50, 0x4B, 3, 4, 0, 0, 0]));
        Assert.Equal(ImportFormat.Unknown, ImportReaders.Detect(Encoding.UTF8.GetBytes("<html><body>title</body></html>")));
        Assert.Equal(ImportFormat.Unknown, ImportReaders.Detect([0x4D, 0x5A, 0x90, 0x00, 0x03]));

        var plan = await site.WithScopeAsync(sp => sp.GetRequiredService<LibraryImporter>().PreviewAsync(
        [
            ("looks-like.csv", pdf),
            ("notes.docx", Docx("Life story work", "Helping children understand their history.")),
            ("program.ris", [0x4D, 0x5A, 0x90, 0x00, 0x03]),
        ]));
        Assert.Equal("Signs of Safety in practice", plan.Rows[0].Row.Title);
        Assert.Contains("strengths-based", plan.Rows[0].Row.FullText, StringComparison.Ordinal);
        Assert.Equal("Life story work", plan.Rows[1].Row.Title);
        Assert.Equal(ImportAction.Invalid, plan.Rows[2].Action);
        Assert.Contains("not a RIS, CSV, PDF or Word", plan.Rows[2].Row.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_previews_and_imports_through_the_page()
    {
        _ = site.Server;
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        var form = await client.GetDocumentAsync("/admin/research/import");
        var csv = "title,year\nPage import: reflective practice,2023\n";
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(form.AntiforgeryToken()), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Files", "whatever.bin" },
        };
        var preview = await client.PostAsync("/admin/research/import?handler=Preview", upload);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var page = Accreditation.Testing.Pages.Parse(await preview.Content.ReadAsStringAsync());
        Assert.Contains("1 to create", page.QuerySelector("#summary")!.TextContent, StringComparison.Ordinal);
        var token = page.QuerySelector("input[name=Upload]")!.GetAttribute("value")!;

        var import = await client.PostAsync("/admin/research/import?handler=Import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Upload"] = token,
            ["__RequestVerificationToken"] = page.AntiforgeryToken(),
        }));
        Assert.Equal(HttpStatusCode.Redirect, import.StatusCode);
        Assert.Equal(1, await CountAsync("Page import: reflective practice"));
    }

    private static async Task<(IHtmlDocument Page, string Upload)> PreviewAsync(HttpClient client, string csv)
    {
        var form = await client.GetDocumentAsync("/admin/research/import");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(form.AntiforgeryToken()), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Files", "items.csv" },
        };
        var preview = await client.PostAsync("/admin/research/import?handler=Preview", upload);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var page = Accreditation.Testing.Pages.Parse(await preview.Content.ReadAsStringAsync());
        return (page, page.QuerySelector("input[name=Upload]")!.GetAttribute("value")!);
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, IHtmlDocument preview, string upload) =>
        client.PostAsync("/admin/research/import?handler=Import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Upload"] = upload,
            ["__RequestVerificationToken"] = preview.AntiforgeryToken(),
        }));

    [Fact]
    public async Task A_preview_on_one_node_is_imported_on_another_that_shares_the_files_folder()
    {
        _ = site.Server;
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        var (preview, upload) = await PreviewAsync(client, "title,year\nImported on the other node,2024\n");

        // The other node keeps its own data folder (index, mail); only the files folder is shared.
        var ownData = Path.Combine(Path.GetTempPath(), "accreditation-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var node = site.SecondNode(new Dictionary<string, string?> { ["AppData:Path"] = ownData, ["Files:Path"] = site.AppDataPath });
            var other = node.CreateBrowserLikeClient();
            await other.SignInAsAdminAsync();
            // Another browser session there: its own form token, the upload named by the preview on the first node.
            var import = await ImportAsync(other, await other.GetDocumentAsync("/admin/research/import"), upload);
            Assert.Equal(HttpStatusCode.Redirect, import.StatusCode);
        }
        finally
        {
            if (Directory.Exists(ownData))
            {
                Directory.Delete(ownData, recursive: true);
            }
        }

        Assert.Equal(1, await CountAsync("Imported on the other node"));
        Assert.Empty(site.Services.GetRequiredService<ImportUploads>().List(upload + "/"));
    }

    [Fact]
    public async Task An_import_whose_previewed_files_are_missing_is_refused_with_what_to_do_never_a_server_error()
    {
        _ = site.Server;
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        var (preview, upload) = await PreviewAsync(client, "title,year\nNever imported: lost upload,2024\n");
        var store = site.Services.GetRequiredService<ImportUploads>();
        Assert.NotEmpty(store.List(upload + "/"));
        var name = site.RemoveStoredBytes("imports", upload + "/000");

        var import = await ImportAsync(client, preview, upload);

        Assert.Equal(HttpStatusCode.Gone, import.StatusCode);
        var page = Accreditation.Testing.Pages.Parse(await import.Content.ReadAsStringAsync());
        Assert.Contains(Accreditation.Research.Pages.Admin.Research.ImportModel.UploadNotAvailable, page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        site.AssertWarned(upload);
        Assert.Equal(0, await CountAsync("Never imported: lost upload"));
    }

    private static byte[] Pdf(string title, string text)
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = title;
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddText(text, 12, new UglyToad.PdfPig.Core.PdfPoint(50, 700), font);
        return builder.Build();
    }

    private static byte[] Docx(string title, string text)
    {
        using var memory = new MemoryStream();
        using (var document = WordprocessingDocument.Create(memory, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(
                new Paragraph(new Run(new Text(title))),
                new Paragraph(new Run(new Text(text)))));
            main.Document.Save();
        }

        return memory.ToArray();
    }

    [Fact]
    public void A_csv_row_whose_quote_never_closes_is_reported_on_its_line()
    {
        var csv = Encoding.UTF8.GetBytes("title,year\nFamily group conferences,2021\n\"Unclosed title,2022\nAnother,2023\n");

        var rows = ImportReaders.Read("items.csv", csv, new LibraryVocabulary([], []));

        Assert.Empty(rows[0].Errors);
        var bad = rows[^1];
        Assert.Equal(3, bad.Line);
        Assert.Contains(bad.Errors, e => e.Contains("never closed", StringComparison.Ordinal));
    }
}
