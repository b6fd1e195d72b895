using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Marking.Certificates;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Tests.Access;

/// <summary>
/// Every marking URL against every kind of person: the candidate, an assessor who does not mark the portfolio, an
/// assessor from the candidate's organisation, a lead assessor and an admin (and the marker, who must get in).
/// </summary>
public sealed class AuthorizationMatrixTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    private const string Ok = "allowed";
    private const string No = "refused";

    // Let in, but sent back to the portfolio's page, which says why they may not do it (an admin is not a lead assessor, so does not moderate).
    private const string Back = "sent back with the reason";

    [Fact]
    public async Task A_document_missing_from_storage_is_not_available_to_its_marker_with_what_to_do()
    {
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var submission = await site.SubmissionAsync(Guid.NewGuid(), fileName: "lost.pdf");
        await site.AllocateAsync();
        await site.MarkWithServicesAsync(submission.SubmissionId, MarkingRole.First, [3]);
        var markingCase = await site.CaseOfAsync(submission.SubmissionId);
        var fileId = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Accreditation.Portfolios.Data.SubmissionFile>()
            .Where(x => x.SubmissionId == submission.SubmissionId).Select(x => x.FileId).SingleAsync());
        var marker = await site.SignedInAsIdAsync(markingCase.Markings.Single(m => m.Role == MarkingRole.First).AssessorId);
        Assert.Equal(HttpStatusCode.OK, (await marker.GetAsync($"/marking/cases/{markingCase.Id}/files/{fileId}")).StatusCode);

        var name = site.RemoveStoredBytes("portfolio-files", fileId);
        var download = await marker.GetAsync($"/marking/cases/{markingCase.Id}/files/{fileId}");

        await site.AssertFileNotAvailableAsync(download, "Tell your lead assessor", name);
    }

    [Fact]
    public async Task Every_marking_url_allows_exactly_the_people_it_is_for()
    {
        var organisation = Guid.NewGuid();
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        // A portfolio in moderation (with a file), and an accredited, released one with a certificate.
        var inModeration = await site.SubmissionAsync(organisation, fileName: "plan.pdf");
        var accredited = await site.SubmissionAsync(organisation);
        await site.AllocateAsync();
        await site.MarkWithServicesAsync(inModeration.SubmissionId, MarkingRole.First, [1]);
        await site.MarkWithServicesAsync(inModeration.SubmissionId, MarkingRole.Second, [3]);
        await site.MarkWithServicesAsync(accredited.SubmissionId, MarkingRole.First, [3, 3, 3, 3, 3, 2]);
        var moderationCase = await site.CaseOfAsync(inModeration.SubmissionId);
        var releasedCase = await site.CaseOfAsync(accredited.SubmissionId);
        Assert.Equal(CaseStatus.InModeration, moderationCase.Status);
        await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Release.DecisionRelease>().ReleaseAsync([releasedCase.Id], "lead", CancellationToken.None));
        var (award, fileId, programme) = await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var a = await db.Set<Award>().SingleAsync(x => x.CaseId == releasedCase.Id);
            var f = await db.Set<Accreditation.Portfolios.Data.SubmissionFile>().Where(x => x.SubmissionId == inModeration.SubmissionId).Select(x => x.FileId).SingleAsync();
            return (a, f, moderationCase.ProgrammeId);
        });
        var code = Awards.Display(award.VerificationCode);
        var marker = moderationCase.Markings.Single(m => m.Role == MarkingRole.First).AssessorId;

        var leadEmail = $"lead-only-{Guid.NewGuid():N}@example.gov.uk";
        await site.CreatePersonAsync(leadEmail, [Roles.LeadAssessor], u => u.OrganisationId = Guid.NewGuid(), MarkingSite.Password);
        var sameOrganisation = await site.AssessorAsync(organisation);
        var otherAssessor = await site.AssessorAsync(Guid.NewGuid());
        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();
        var people = new Dictionary<string, HttpClient>
        {
            ["candidate"] = await site.CandidateClientAsync(accredited.CandidateEmail),
            ["other assessor"] = await site.SignedInAsync(otherAssessor.Email),
            ["same-organisation assessor"] = await site.SignedInAsync(sameOrganisation.Email),
            ["lead assessor"] = await site.SignedInAsync(leadEmail),
            ["admin"] = admin,
            ["marker"] = await site.SignedInAsIdAsync(marker),
        };

        var m = moderationCase.Id;
        var r = releasedCase.Id;
        //                                                     candidate other-assessor same-org lead admin marker
        var matrix = new (string Url, string[] Expected)[]
        {
            ("/marking", [No, Ok, Ok, No, Ok, Ok]),
            ($"/marking/cases/{m}", [No, No, No, No, No, Ok]),
            ($"/marking/cases/{m}/files/{fileId}", [No, No, No, No, No, Ok]),
            ("/marking/profile", [No, Ok, Ok, No, Ok, Ok]),
            ("/marking/lead", [No, No, No, Ok, Ok, No]),
            ($"/marking/lead/cases/{m}", [No, No, No, Ok, Ok, No]),
            ($"/marking/lead/cases/{m}/moderate", [No, No, No, Ok, Back, No]),
            ("/marking/lead/release", [No, No, No, Ok, Ok, No]),
            ("/marking/lead/appeals", [No, No, No, Ok, Ok, No]),
            ("/marking/lead/report", [No, No, No, Ok, Ok, No]),
            ("/marking/lead/report?handler=Csv", [No, No, No, Ok, Ok, No]),
            ("/marking/lead/assessors", [No, No, No, Ok, Ok, No]),
            ("/admin/marking", [No, No, No, No, Ok, No]),
            ($"/admin/marking/rules/{programme}", [No, No, No, No, Ok, No]),
            ("/admin/certificates", [No, No, No, No, Ok, No]),
            ("/results", [Ok, No, No, No, Ok, No]),
            ($"/results/{r}", [Ok, No, No, No, No, No]),
            ($"/certificates/{code}", [Ok, No, No, No, No, No]),
            ($"/certificates/{code}/credential", [Ok, No, No, No, No, No]),
            ($"/verify/{code}", [Ok, Ok, Ok, Ok, Ok, Ok]),
            ("/credentials/jwks.json", [Ok, Ok, Ok, Ok, Ok, Ok]),
            ("/credentials/status/1", [Ok, Ok, Ok, Ok, Ok, Ok]),
        };

        var failures = new List<string>();
        var names = people.Keys.ToList();
        foreach (var (url, expected) in matrix)
        {
            for (var i = 0; i < names.Count; i++)
            {
                var response = await people[names[i]].GetAsync(url);
                var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/account/access-denied", StringComparison.Ordinal) == true);
                var back = response.StatusCode == HttpStatusCode.Redirect && url.EndsWith("/moderate", StringComparison.Ordinal) && response.Headers.Location?.OriginalString == url[..^"/moderate".Length];
                var actual = response.StatusCode == HttpStatusCode.OK ? Ok : refused ? No : back ? Back : $"answered {(int)response.StatusCode} {response.Headers.Location}";
                if (actual != expected[i])
                {
                    failures.Add($"{names[i]} {url}: expected {expected[i]}, {actual}");
                }
            }

            // Nobody signed in: sent to sign in, except the public verification and the credentials' key and status list.
            var visitor = await site.CreateBrowserLikeClient().GetAsync(url);
            var isPublic = url.StartsWith("/verify/", StringComparison.Ordinal) || url.StartsWith("/credentials/", StringComparison.Ordinal);
            if (isPublic ? visitor.StatusCode != HttpStatusCode.OK : visitor.Headers.Location?.AbsolutePath != "/account/sign-in" && !(visitor.Headers.Location?.OriginalString.StartsWith("/account/sign-in", StringComparison.Ordinal) ?? false))
            {
                failures.Add($"visitor {url}: {(int)visitor.StatusCode} {visitor.Headers.Location}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        // Posts are held to the same rules: another assessor's save and an assessor's release change nothing.
        var post = await people["other assessor"].PostFormAsync("/marking/profile", new Dictionary<string, string> { ["OverallComment"] = "Intruder" }, $"/marking/cases/{m}");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var release = await people["same-organisation assessor"].PostFormAsync("/marking/profile", new Dictionary<string, string> { ["Selected"] = m.ToString() }, "/marking/lead/release");
        Assert.NotEqual(HttpStatusCode.OK, release.StatusCode);
        Assert.Equal(CaseStatus.InModeration, (await site.CaseOfAsync(inModeration.SubmissionId)).Status);
        Assert.Empty(site.UnexpectedServerProblems());
    }
}
