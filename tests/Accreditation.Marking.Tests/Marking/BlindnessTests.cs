using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Tests.Marking;

/// <summary>
/// No page or response an assessor can reach names the candidate, their email, their organisation or their original file
/// names: not the pages, and not the bytes of any file they download (searched inside every part and stream).
/// </summary>
public sealed class BlindnessTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    [Fact]
    public async Task No_page_or_response_an_assessor_can_reach_contains_the_candidates_name_email_organisation_or_file_names()
    {
        // A candidate whose every identifier is distinctive, from an organisation with a distinctive name.
        var organisation = Guid.NewGuid();
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            db.Add(new Accreditation.Identity.Organisations.Organisation { Id = organisation, Name = "Quillshire Borough Council", Code = "E09QUILL01", Kind = OrganisationKind.LocalAuthority });
            await db.SaveChangesAsync();
        });
        string[] secrets = ["Zebedee Quillfeather-Nakamura", "Quillfeather", "zebedee.qn@quillshire.example.gov.uk", "Quillshire", "E09QUILL01", "zebedee-personal-statement-final.pdf", "zebedee-personal-statement", "zebedee-supervision-audit"];
        var first = await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var second = await site.AssessorAsync(Guid.NewGuid(), capacity: 100);

        // Files that name him everywhere a writer hides it: a Word document (properties, template path, header, footer,
        // footnote, comment, tracked changes, a JPEG with EXIF inside) and a PDF (document information), uploaded as he would.
        var zebedee = new Author("Zebedee Quillfeather-Nakamura", "zebedee.qn@quillshire.example.gov.uk", "Quillshire Borough Council");
        var submission = await site.SubmissionAsync(organisation, zebedee.Email, zebedee.Name, uploads:
        [
            ("zebedee-personal-statement-final.pdf", IdentifyingDocuments.Pdf(zebedee, "zebedee-personal-statement-final.pdf")),
            ("zebedee-supervision-audit.docx", IdentifyingDocuments.Docx(zebedee, "zebedee-supervision-audit.docx")),
        ]);
        await site.AllocateAsync();
        var firstMarking = await site.MarkingOfAsync(submission.SubmissionId, MarkingRole.First);
        var responses = new List<(string What, HttpResponseMessage Response)>();

        // The first marker: every page they can reach by following links from their pages, and every response to what they post.
        var firstClient = await site.SignedInAsIdAsync(firstMarking.AssessorId);
        responses.AddRange(await CrawlAsync(firstClient, ["/marking", $"/marking/cases/{firstMarking.CaseId}", "/marking/profile"]));
        var url = $"/marking/cases/{firstMarking.CaseId}";
        var form = MarkingSite.FormFields(await firstClient.GetDocumentAsync(url), [1], "Partly shown", "Needs more evidence");
        responses.Add(("autosave", await firstClient.PostAsync(url + "?handler=Autosave", new FormUrlEncodedContent(form))));
        responses.Add(("stale save (409)", await firstClient.PostAsync(url, new FormUrlEncodedContent(form))));
        responses.Add(("declare a conflict (refused)", await firstClient.PostFormAsync("/marking/profile", new Dictionary<string, string> { ["Organisation"] = "No such place" })));
        responses.Add(("submit", await MarkingSite.MarkAsync(firstClient, firstMarking.CaseId, [1, 1, 1, 1, 1, 1])));
        responses.AddRange(await CrawlAsync(firstClient, ["/marking", url]));

        // The second marker (the portfolio fails on the first marks, so it is second-marked).
        var secondMarking = await site.MarkingOfAsync(submission.SubmissionId, MarkingRole.Second);
        var secondClient = await site.SignedInAsIdAsync(secondMarking.AssessorId);
        responses.AddRange(await CrawlAsync(secondClient, ["/marking", $"/marking/cases/{secondMarking.CaseId}"]));
        responses.Add(("second submit", await MarkingSite.MarkAsync(secondClient, secondMarking.CaseId, [1, 1, 1, 1, 1, 1])));

        // After the decision is released, assessors still see the portfolio by number only.
        var caseId = firstMarking.CaseId;
        await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Release.DecisionRelease>().ReleaseAsync([caseId], "lead", CancellationToken.None));
        Assert.Equal(CaseStatus.Released, (await site.CaseOfAsync(submission.SubmissionId)).Status);
        responses.AddRange(await CrawlAsync(firstClient, ["/marking", url]));
        responses.AddRange(await CrawlAsync(secondClient, ["/marking", url]));

        // Both files were reached, and their bytes (every part of the Word document, every stream of the PDF) name nobody.
        var files = responses.Where(r => r.Response.Content.Headers.ContentType?.MediaType is "application/pdf" or "application/vnd.openxmlformats-officedocument.wordprocessingml.document").ToList();
        Assert.Equal(["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"], files.Select(f => f.Response.Content.Headers.ContentType!.MediaType!).Distinct().Order(StringComparer.Ordinal));
        foreach (var (what, response) in files)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Empty(IdentifyingDocuments.Betrayals(bytes, secrets));
            var pdf = response.Content.Headers.ContentType!.MediaType == "application/pdf";
            Assert.Contains(pdf ? IdentifyingDocuments.PdfBody : IdentifyingDocuments.DocxBody,
                Accreditation.Documents.DocumentMetadata.ExtractText(pdf ? Accreditation.Documents.UploadType.Pdf : Accreditation.Documents.UploadType.Docx, bytes), StringComparison.Ordinal);
        }

        Assert.Contains(responses, r => r.Response.StatusCode == HttpStatusCode.Conflict);
        Assert.True(responses.Count >= 15, $"only {responses.Count} responses were checked");
        foreach (var (what, response) in responses)
        {
            var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync())
                + string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{what} ({response.RequestMessage?.RequestUri}) contains '{secret}'");
            }
        }

        // And the lead assessor does see who it was, once released.
        var lead = await site.AssessorAsync(Guid.NewGuid(), Accreditation.Core.Security.Roles.LeadAssessor);
        Assert.Contains("Zebedee Quillfeather-Nakamura", await (await site.SignedInAsync(lead.Email)).GetStringAsync($"/marking/lead/cases/{caseId}"), StringComparison.Ordinal);
    }

    /// <summary>GETs the pages and every same-site link on them under /marking (breadth first, each once).</summary>
    private static async Task<List<(string, HttpResponseMessage)>> CrawlAsync(HttpClient client, IEnumerable<string> start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(start);
        var found = new List<(string, HttpResponseMessage)>();
        while (queue.Count > 0 && found.Count < 60)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url))
            {
                continue;
            }

            var response = await client.GetAsync(url);
            found.Add((url, response));
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var page = Accreditation.Testing.Pages.Parse(await response.Content.ReadAsStringAsync());
            foreach (var href in page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (href.StartsWith("/marking", StringComparison.Ordinal) && !seen.Contains(href))
                {
                    queue.Enqueue(href);
                }
            }
        }

        return found;
    }
}
