using Accreditation.Documents;
using Accreditation.Testing;
using Accreditation.Portfolios.Uploads;

namespace Accreditation.Portfolios.Tests.Uploads;

/// <summary>The inspector on its own: type from content and extension together, and every refusal says why.</summary>
public sealed class UploadInspectorTests
{
    private static readonly UploadLimits Limits = UploadLimits.Default;

    [Theory]
    [InlineData("notes.pdf", UploadType.Pdf)]
    [InlineData("NOTES.PDF", UploadType.Pdf)]
    public void A_real_pdf_is_accepted_by_content_and_extension(string name, UploadType type)
    {
        var verdict = UploadInspector.Inspect(name, TestFiles.Pdf(), Limits);

        Assert.True(verdict.IsAccepted, verdict.Refusal);
        Assert.Equal(type, verdict.Accepted!.Type);
        Assert.Equal("application/pdf", verdict.Accepted.ContentType);
    }

    [Fact]
    public void Good_docx_png_and_jpeg_files_are_accepted()
    {
        Assert.Equal(UploadType.Docx, UploadInspector.Inspect("plan.docx", TestFiles.Docx("Text"), Limits).Accepted?.Type);
        Assert.Equal(UploadType.Png, UploadInspector.Inspect("chart.png", TestFiles.Png(), Limits).Accepted?.Type);
        Assert.Equal(UploadType.Jpeg, UploadInspector.Inspect("photo.jpg", TestFiles.JpegWithExif(), Limits).Accepted?.Type);
    }

    [Fact]
    public void A_zip_bomb_is_stopped_by_counting_what_is_read()
    {
        var limits = Limits with { MaxUncompressedBytes = 10L * 1024 * 1024 };

        var verdict = UploadInspector.Inspect("plan.docx", TestFiles.DocxZipBomb(20L * 1024 * 1024), limits);

        Assert.Contains("unzips to more than 10 MB", verdict.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_word_document_with_too_many_parts_is_refused()
    {
        var verdict = UploadInspector.Inspect("plan.docx", TestFiles.Docx("Text"), Limits with { MaxZipEntries = 3 });

        Assert.Contains("more than 3 parts", verdict.Refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Launch", "starts another program")]
    [InlineData("/EmbeddedFile", "other files attached")]
    [InlineData("/JS", "contains JavaScript")]
    [InlineData("/J#53", "contains JavaScript")]
    public void Active_pdf_content_is_refused(string name, string reason)
    {
        var pdf = System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Type /Action /S {name} (x) >> endobj\n%%EOF\n");

        Assert.Contains(reason, UploadInspector.Inspect("a.pdf", pdf, Limits).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_pdf_is_refused_without_an_exception()
    {
        var verdict = UploadInspector.Inspect("a.pdf", "%PDF-1.7\nthis is not really a PDF"u8.ToArray(), Limits);

        Assert.Contains("could not be read", verdict.Refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b.pdf")]
    [InlineData("a\\b.pdf")]
    [InlineData("..pdf")]
    [InlineData("COM1.docx")]
    [InlineData("lpt9")]
    [InlineData("name\u2066.pdf")]
    [InlineData("trailing.")]
    [InlineData(" ")]
    public void Unsafe_file_names_are_refused(string name)
    {
        Assert.False(UploadInspector.Inspect(name, TestFiles.Pdf(), Limits).IsAccepted);
    }

    [Fact]
    public void Html_in_utf16_is_recognised_as_markup()
    {
        byte[] html = [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes("<html><script>alert(1)</script></html>")];

        Assert.Contains("web page or SVG", UploadInspector.Inspect("a.pdf", html, Limits).Refusal, StringComparison.Ordinal);
    }
}
