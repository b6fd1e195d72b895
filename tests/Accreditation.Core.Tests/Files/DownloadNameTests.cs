using Accreditation.Core.Files;
using Accreditation.Core.Web;
using Microsoft.AspNetCore.Http;

namespace Accreditation.Core.Tests.Files;

/// <summary>Names of files a person downloads: in an archive's paths and in the download's headers.</summary>
public sealed class DownloadNameTests
{
    [Theory]
    [InlineData("Supervision notes.pdf", "Supervision-notes.pdf")]
    [InlineData("../../etc/passwd", "etc-passwd")]
    [InlineData("Réflexion d'été.docx", "Réflexion-d-été.docx")]
    [InlineData("???", "file")]
    [InlineData("..", "file")]
    public void A_name_in_an_archive_keeps_letters_and_digits_and_never_climbs_out(string name, string expected) =>
        Assert.Equal(expected, FileNames.ForArchive(name));

    [Theory]
    [InlineData("Supervision été \"notes\".pdf", "Supervision ete _notes_.pdf")]
    [InlineData("a/b\\c;d.txt", "a_b_c_d.txt")]
    [InlineData("監督.pdf", "download.pdf")]
    public void The_ascii_fallback_drops_accents_and_replaces_what_a_header_cannot_carry(string name, string expected) =>
        Assert.Equal(expected, PrivateDownload.AsciiFallback(name));

    [Fact]
    public void A_private_download_is_an_attachment_not_sniffed_and_not_kept_by_shared_caches()
    {
        var http = new DefaultHttpContext();
        PrivateDownload.SetHeaders(http, "Réflexion.pdf");

        var disposition = Microsoft.Net.Http.Headers.ContentDispositionHeaderValue.Parse(http.Response.Headers.ContentDisposition.ToString());
        Assert.Equal("attachment", disposition.DispositionType.ToString());
        Assert.Equal("Reflexion.pdf", disposition.FileName.ToString());
        Assert.Equal("Réflexion.pdf", disposition.FileNameStar.ToString());
        Assert.Equal("nosniff", http.Response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("private, no-store", http.Response.Headers.CacheControl.ToString());
    }
}
