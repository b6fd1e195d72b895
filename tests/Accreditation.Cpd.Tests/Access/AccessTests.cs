using System.Net;
using Accreditation.Core.Security;
using Accreditation.Cpd.Tests.Support;
using Accreditation.Testing;

namespace Accreditation.Cpd.Tests.Access;

/// <summary>Only the person reads their records; colleagues and organisation admins see at most whether the year is met.</summary>
public sealed class AccessTests(CpdSite site) : IClassFixture<CpdSite>
{
    private const string SecretReflection = "A private reflection about a hard conversation with a family.";

    [Fact]
    public async Task Another_person_and_an_organisation_admin_cannot_read_a_record_or_its_files()
    {
        var organisation = Guid.NewGuid();
        var owner = await site.PersonAsync(Roles.Candidate, organisation);
        var fields = CpdSite.RecordFields("Supervision session", new DateOnly(2026, 10, 5), peer: true);
        fields["Input.PeerLearning"] = SecretReflection;
        var id = await site.RecordAsync(owner, fields);
        var upload = await UploadAsync(owner, id, TestPdf(), "notes.pdf");
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var fileLink = (await owner.Client.GetDocumentAsync($"/cpd/records/{id}")).QuerySelector("#attachments a")!.GetAttribute("href")!;
        var urls = new[] { $"/cpd/records/{id}", $"/cpd/records/{id}/edit", fileLink };
        foreach (var url in urls)
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync(url)).StatusCode);
        }

        var others = new Dictionary<string, HttpClient>
        {
            ["a colleague"] = (await site.PersonAsync(Roles.Candidate, organisation)).Client,
            ["an organisation admin"] = (await site.PersonAsync(Roles.OrganisationAdmin, organisation)).Client,
            ["an assessor"] = (await site.PersonAsync(Roles.Assessor)).Client,
        };
        foreach (var (who, client) in others)
        {
            foreach (var url in urls)
            {
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{who} got {(int)response.StatusCode} {response.Headers.Location} for {url}");
                Assert.DoesNotContain(SecretReflection, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            var post = await client.PostAsync($"/cpd/records/{id}?handler=Delete", new FormUrlEncodedContent([]));
            Assert.True(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{who} got {(int)post.StatusCode} deleting");
        }

        var anonymous = site.CreateBrowserLikeClient();
        var signedOut = await anonymous.GetAsync($"/cpd/records/{id}");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains("sign-in", signedOut.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync($"/cpd/records/{id}")).StatusCode);
    }

    [Fact]
    public async Task An_organisation_admin_sees_only_whether_each_of_their_people_met_the_year_and_the_counts()
    {
        var organisation = Guid.NewGuid();
        var met = await site.PersonAsync(Roles.Candidate, organisation, "Alex Met");
        var notMet = await site.PersonAsync(Roles.Candidate, organisation, "Billie Notyet");
        await site.PersonAsync(Roles.Candidate, Guid.NewGuid(), "Casey Elsewhere");
        var withSecret = CpdSite.RecordFields("Supervision", new DateOnly(2026, 10, 5), peer: true);
        withSecret["Input.PeerLearning"] = SecretReflection;
        await site.RecordAsync(met, withSecret);
        await site.RecordAsync(met, CpdSite.RecordFields("Course", new DateOnly(2026, 10, 6)));
        await site.RecordAsync(notMet, CpdSite.RecordFields("Reading", new DateOnly(2026, 10, 6)));
        var admin = await site.PersonAsync(Roles.OrganisationAdmin, organisation);

        var response = await admin.Client.GetAsync("/organisation/cpd");
        var html = await response.Content.ReadAsStringAsync();
        var page = Testing.Pages.Parse(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll("#people tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal([["Alex Met", "Met", "2", "1"], ["Billie Notyet", "Not met", "1", "0"]], rows);
        Assert.Contains("1 of 2 have met", page.QuerySelector("#met-count")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretReflection, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Supervision", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Casey Elsewhere", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await met.Client.GetAsync("/organisation/cpd")).StatusCode);
    }

    [Fact]
    public async Task The_organisation_list_comes_a_page_at_a_time_by_name_with_each_persons_counts()
    {
        var organisation = Guid.NewGuid();
        var size = Accreditation.Cpd.Pages.Organisation.CpdModel.PageSize;
        for (var i = 0; i < size + 2; i++)
        {
            await site.CreatePersonAsync($"paged-{i:000}-{Guid.NewGuid():N}@example.gov.uk", [Roles.Candidate], u =>
            {
                u.OrganisationId = organisation;
                u.DisplayName = $"Paged Person {i:000}";
            }, twoFactor: false);
        }

        var last = await site.PersonAsync(Roles.Candidate, organisation, "Zed Last");
        await site.RecordAsync(last, CpdSite.RecordFields("Supervision", new DateOnly(2026, 10, 5), peer: true));
        await site.RecordAsync(last, CpdSite.RecordFields("Course", new DateOnly(2026, 10, 6)));
        var admin = await site.PersonAsync(Roles.OrganisationAdmin, organisation);

        var first = Testing.Pages.Parse(await admin.Client.GetStringAsync("/organisation/cpd"));
        var second = Testing.Pages.Parse(await admin.Client.GetStringAsync("/organisation/cpd?p=2"));
        var beyond = await admin.Client.GetAsync("/organisation/cpd?p=9");

        var firstNames = first.QuerySelectorAll("#people tbody tr td:first-child").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(Enumerable.Range(0, size).Select(i => $"Paged Person {i:000}"), firstNames);
        Assert.Contains($"{size + 3} people", first.QuerySelector("#met-count")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(first.QuerySelector(".govuk-pagination a[rel=next]"));
        var rows = second.QuerySelectorAll("#people tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal([[$"Paged Person {size:000}", "Not met", "0", "0"], [$"Paged Person {size + 1:000}", "Not met", "0", "0"], ["Zed Last", "Met", "2", "1"]], rows);
        Assert.Equal(HttpStatusCode.Redirect, beyond.StatusCode);
        Assert.EndsWith("p=2", beyond.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attachments_are_checked_like_portfolio_uploads()
    {
        var owner = await site.PersonAsync(Roles.Candidate);
        var id = await site.RecordAsync(owner, CpdSite.RecordFields("Course certificate", new DateOnly(2026, 10, 5)));

        var page = await UploadAsync(owner, id, "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray(), "certificate.pdf");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("web page or SVG image", Testing.Pages.Parse(html).QuerySelector("#Upload-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(Testing.Pages.Parse(await owner.Client.GetStringAsync($"/cpd/records/{id}")).QuerySelector("#attachments"));

        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(owner, id, TestPdf(), "certificate.pdf")).StatusCode);
        var link = Testing.Pages.Parse(await owner.Client.GetStringAsync($"/cpd/records/{id}")).QuerySelector("#attachments a")!.GetAttribute("href")!;
        var download = await owner.Client.GetAsync(link);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await download.Content.ReadAsByteArrayAsync())[..5], StringComparison.Ordinal);
        Assert.DoesNotContain("Someone", System.Text.Encoding.Latin1.GetString(await download.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);

        var fileId = link.Split('/').Last();
        var removed = await owner.Client.PostFormAsync($"/cpd/records/{id}", new Dictionary<string, string>(), $"/cpd/records/{id}?handler=RemoveFile&fileId={fileId}");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync(link)).StatusCode);

        var deleted = await owner.Client.PostFormAsync($"/cpd/records/{id}", new Dictionary<string, string>(), $"/cpd/records/{id}?handler=Delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"/cpd/records/{id}")).StatusCode);
    }

    [Fact]
    public async Task An_attachment_whose_bytes_are_missing_is_not_available_with_what_to_do()
    {
        var owner = await site.PersonAsync(Roles.Candidate);
        var id = await site.RecordAsync(owner, CpdSite.RecordFields("Course with a lost certificate", new DateOnly(2026, 10, 6)));
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(owner, id, TestPdf(), "certificate.pdf")).StatusCode);
        var link = Testing.Pages.Parse(await owner.Client.GetStringAsync($"/cpd/records/{id}")).QuerySelector("#attachments a")!.GetAttribute("href")!;
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync(link)).StatusCode);

        var name = site.RemoveStoredBytes("cpd-files", Guid.Parse(link.Split('/').Last()));
        var download = await owner.Client.GetAsync(link);

        await site.AssertFileNotAvailableAsync(download, Accreditation.Cpd.Export.CpdEndpoints.MissingAttachment, name);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync($"/cpd/records/{id}")).StatusCode);
    }

    private static async Task<HttpResponseMessage> UploadAsync(Person person, Guid recordId, byte[] content, string fileName)
    {
        var page = await person.Client.GetDocumentAsync($"/cpd/records/{recordId}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(page.AntiforgeryToken()), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "Upload", fileName },
        };
        return await person.Client.PostAsync($"/cpd/records/{recordId}?handler=Upload", form);
    }

    /// <summary>A one-page PDF with an author in its metadata.</summary>
    private static byte[] TestPdf()
    {
        using var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        builder.DocumentInformation.Author = "Someone";
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        builder.AddPage(595, 842).AddText("Certificate of attendance", 12, new UglyToad.PdfPig.Core.PdfPoint(50, 780), font);
        return builder.Build();
    }
}
