using System.IO.Compression;
using System.Net;
using System.Text;
using Accreditation.Core.Data;
using Accreditation.Documents;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Portfolios.Tests.Uploads;

/// <summary>
/// Uploads are judged by content and name together; every bad file of the corpus is refused with a reason next to the
/// field, without a server error, and leaves nothing in the files folder or the database. Good files are stored by id,
/// without their metadata.
/// </summary>
public sealed class UploadTests(PortfoliosSite site) : IClassFixture<PortfoliosSite>
{
    public static TheoryData<string, string, string> Corpus => new()
    {
        { "pdf-with-javascript", "notes.pdf", "contains JavaScript" },
        { "pdf-with-hidden-javascript", "notes.pdf", "contains JavaScript" },
        { "html-renamed-pdf", "notes.pdf", "is a web page or SVG image" },
        { "png-with-appended-script", "photo.png", "other data hidden after the end of the picture" },
        { "svg-with-script", "diagram.svg", "SVG images and web pages cannot be uploaded" },
        { "svg-renamed-png", "diagram.png", "is a web page or SVG image" },
        { "docx-zip-bomb", "plan.docx", "unzips to more than 100 MB" },
        { "docx-external-entity", "plan.docx", "document type declaration (DTD)" },
        { "empty", "empty.pdf", "The selected file is empty" },
        { "over-the-limit", "big.pdf", "must be smaller than 2 MB" },
        { "path-traversal", "../../evil.pdf", "must not contain folder names" },
        { "nul-in-name", "evil\0.pdf", "control characters" },
        { "rtl-override", "report\u202Efdp.exe.pdf", "change the direction of text" },
        { "device-name", "CON.pdf", "reserved by Windows" },
        { "device-name-nul", "NUL.txt", "reserved by Windows" },
        { "pdf-named-docx", "plan.docx", "named as a Word document (.docx) but its content is a PDF" },
        { "executable", "tool.exe", "must be a PDF, Word (.docx), PNG or JPEG file, not .exe" },
        { "pdf-that-cannot-be-rewritten", "notes.pdf", "We could not remove the hidden details (such as the author's name) from the selected PDF" },
        { "pdf-with-page-metadata", "notes.pdf", "Open it and print it to a new PDF" },
        { "docx-with-embedded-file", "plan.docx", "has other files embedded in it" },
    };

    private static byte[] Content(string kind) => kind switch
    {
        "pdf-with-javascript" => TestFiles.PdfWithJavaScript(),
        "pdf-with-hidden-javascript" => TestFiles.PdfWithHiddenJavaScript(),
        "html-renamed-pdf" => TestFiles.Html(),
        "png-with-appended-script" => TestFiles.PngWithAppendedScript(),
        "svg-with-script" or "svg-renamed-png" => TestFiles.SvgWithScript(),
        "docx-zip-bomb" => TestFiles.DocxZipBomb(),
        "docx-external-entity" => TestFiles.DocxWithExternalEntity(),
        "empty" => [],
        "over-the-limit" => [.. "%PDF-1.4\n"u8, .. new byte[PortfoliosSite.MaxUploadBytes]],
        "executable" => [0x4D, 0x5A, 0x90, 0x00],
        "pdf-that-cannot-be-rewritten" => TestFiles.PdfThatCannotBeRewritten(),
        "pdf-with-page-metadata" => TestFiles.PdfWithPageMetadata("Jane Author"),
        "docx-with-embedded-file" => TestFiles.DocxWithEmbeddedFile(),
        _ => TestFiles.Pdf(),
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Every_bad_file_is_refused_with_a_reason_and_nothing_is_stored(string kind, string fileName, string reason)
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var tables = await site.PortfolioTablesAsync();
        var files = site.StoredFiles();

        var response = await PortfoliosSite.UploadAsync(client, portfolio, Content(kind), fileName, statements[0].Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        var errors = page.ErrorSummary();
        Assert.True(errors.Any(e => e.Contains(reason, StringComparison.Ordinal)), $"{kind}: expected '{reason}', got: {string.Join(" | ", errors)}");
        Assert.Equal("#Upload", page.QuerySelector(".govuk-error-summary__list a")!.GetAttribute("href"));
        Assert.Contains(reason, page.QuerySelector("#Upload-error")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(DatabaseSnapshot.Differences(tables, await site.PortfolioTablesAsync()));
        Assert.Equal(files, site.StoredFiles());
        Assert.Empty(site.UnexpectedServerProblems());
    }

    [Fact]
    public async Task A_good_pdf_is_stored_by_id_outside_the_web_root_and_downloads_as_an_attachment()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();

        var response = await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Pdf(), "Supervision \u00e9t\u00e9 \"notes\".pdf", statements[0].Id, "Supervision notes");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var file = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PortfolioFile>().SingleAsync(f => f.EnrolmentId == portfolio));
        var stored = Path.Combine(site.FilesFolder, file.Id.ToString("N"));
        Assert.True(File.Exists(stored));
        Assert.DoesNotContain(site.StoredFiles(), f => f.Contains("Supervision", StringComparison.Ordinal) || f.EndsWith(".part", StringComparison.Ordinal));
        Assert.StartsWith(site.AppDataPath, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane Author", Encoding.Latin1.GetString(await File.ReadAllBytesAsync(stored)), StringComparison.Ordinal);
        Assert.Contains("Supervision notes about practice.", file.ExtractedText, StringComparison.Ordinal);

        var download = await client.GetAsync($"/portfolio/{portfolio}/files/{file.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("Supervision \u00e9t\u00e9 \"notes\".pdf", disposition.FileNameStar);
        Assert.DoesNotContain(disposition.FileName!.Trim('"'), c => c > 127 || c == '"');
        Assert.Equal(await File.ReadAllBytesAsync(stored), await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Metadata_is_gone_from_the_stored_docx_and_its_text_is_kept()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();

        var response = await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Docx("An audit of supervision quality.", "Second paragraph."), "audit.docx");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var file = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PortfolioFile>().SingleAsync(f => f.EnrolmentId == portfolio));
        using var zip = new ZipArchive(File.OpenRead(Path.Combine(site.FilesFolder, file.Id.ToString("N"))));
        var all = new StringBuilder();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            all.Append(entry.FullName).Append('\n').Append(await reader.ReadToEndAsync()).Append('\n');
        }

        var text = all.ToString();
        Assert.DoesNotContain("Jane Author", text, StringComparison.Ordinal);
        Assert.DoesNotContain("John Editor", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Anytown Borough Council", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Chief Manager", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Family file 123456", text, StringComparison.Ordinal);
        Assert.DoesNotContain("12 Acacia Avenue", text, StringComparison.Ordinal);
        Assert.DoesNotContain(zip.Entries, e => e.FullName is "docProps/custom.xml" or "docProps/app.xml" or "word/comments.xml");
        Assert.Contains("An audit of supervision quality.", text, StringComparison.Ordinal);
        Assert.Contains("An audit of supervision quality.", file.ExtractedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_text_chunks_and_exif_are_gone_from_stored_copies()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Png(), "diagram.png", title: "Diagram")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.JpegWithExif(), "photo.jpeg", title: "Photo")).StatusCode);

        var files = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PortfolioFile>().Where(f => f.EnrolmentId == portfolio).ToListAsync());
        Assert.Equal(["image/jpeg", "image/png"], files.Select(f => f.ContentType).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(site.FilesFolder, file.Id.ToString("N")));
            var latin = Encoding.Latin1.GetString(bytes);
            Assert.DoesNotContain("Jane Author", latin, StringComparison.Ordinal);
            Assert.DoesNotContain("Acacia", latin, StringComparison.Ordinal);
            Assert.True(UploadInspector.Inspect("again" + (file.ContentType == "image/png" ? ".png" : ".jpg"), bytes, UploadLimits.Default).IsAccepted);
        }
    }

    [Fact]
    public async Task A_document_is_titled_by_its_place_never_by_its_file_name()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();

        var first = await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Pdf(), "Zebedee Quill CV final.pdf");
        var second = await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Png(), "zebedee-family-photo.png");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var titles = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<EvidenceItem>().Where(i => i.EnrolmentId == portfolio).Select(i => i.Title).ToListAsync());
        Assert.Equal(["Document 1", "Document 2"], titles.Order(StringComparer.Ordinal));
        var form = await client.GetDocumentAsync($"/portfolio/{portfolio}/upload");
        Assert.Contains("Markers see the title", form.QuerySelector("#Title-hint")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_beyond_the_candidates_storage_allowance_is_refused_with_the_figures_and_stores_nothing()
    {
        // This site allows 4 MB a candidate; each file here is 1.5 MB.
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var file = TestFiles.PngOfSize(1536 * 1024);
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(client, portfolio, file, "one.png", title: "One")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(client, portfolio, file, "two.png", title: "Two")).StatusCode);
        var tables = await site.PortfolioTablesAsync();
        var stored = site.StoredFiles();

        var response = await PortfoliosSite.UploadAsync(client, portfolio, file, "three.png", title: "Three");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Equal(
            ["The selected file (1.5 MB) would take your evidence files over your storage allowance of 4.0 MB: you have used 3.0 MB. Remove documents you no longer need from your portfolio, or make the file smaller (for example, save it as PDF), and upload it again"],
            page.ErrorSummary());
        Assert.Equal("You have used 3.0 MB of your 4.0 MB for evidence files.", System.Text.RegularExpressions.Regex.Replace(page.QuerySelector("#storage")!.TextContent.Trim(), @"\s+", " "));
        Assert.Empty(DatabaseSnapshot.Differences(tables, await site.PortfolioTablesAsync()));
        Assert.Equal(stored, site.StoredFiles());

        // Removing a document frees its space.
        var item = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<EvidenceItem>().Where(i => i.EnrolmentId == portfolio && i.Title == "One").Select(i => i.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.RemoveItemAsync(client, portfolio, item)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(client, portfolio, file, "three.png", title: "Three")).StatusCode);
    }

    [Fact]
    public async Task Removing_an_unsubmitted_document_removes_its_stored_file()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var upload = await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Pdf("Mistakenly uploaded."), "mistake.pdf", title: "Mistake");
        var item = Guid.Parse(upload.Target().Split('/').Last());
        var file = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PortfolioFile>().SingleAsync(f => f.EnrolmentId == portfolio));
        Assert.True(File.Exists(Path.Combine(site.FilesFolder, file.Id.ToString("N"))));

        var confirm = await client.GetDocumentAsync($"/portfolio/{portfolio}/items/{item}/remove");
        Assert.Equal("Are you sure you want to remove Mistake?", confirm.QuerySelector("h1")!.TextContent.Trim());
        var removed = await PortfoliosSite.RemoveItemAsync(client, portfolio, item);

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(File.Exists(Path.Combine(site.FilesFolder, file.Id.ToString("N"))));
        Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PortfolioFile>().AnyAsync(f => f.EnrolmentId == portfolio)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/portfolio/{portfolio}/files/{file.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_file_whose_bytes_are_missing_is_not_available_with_what_to_do_never_a_server_error()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Pdf("Lost with the volume."), "lost.pdf", title: "Lost")).StatusCode);
        var file = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PortfolioFile>().SingleAsync(f => f.EnrolmentId == portfolio));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/portfolio/{portfolio}/files/{file.Id}")).StatusCode);

        var name = site.RemoveStoredBytes("portfolio-files", file.Id);
        var download = await client.GetAsync($"/portfolio/{portfolio}/files/{file.Id}");

        await site.AssertFileNotAvailableAsync(download, global::Accreditation.Portfolios.Evidence.PortfolioEndpoints.CandidateWhatToDo, name);
        Assert.False(File.Exists(Path.Combine(site.FilesFolder, name)));
    }
}
