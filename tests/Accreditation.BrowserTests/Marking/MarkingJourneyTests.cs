using Accreditation.BrowserTests.Infrastructure;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Frameworks;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Data;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Submissions;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Marking;

/// <summary>
/// A submitted portfolio is marked blind by an assessor, second-marked, moderated and released by a lead assessor; the
/// candidate reads the decision and downloads their credential. The submission is seeded through the services (the
/// candidate's way to it is the portfolio journey's test).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MarkingJourneyTests(BrowserSite site, ITestOutputHelper output)
{
    private readonly Dictionary<string, string> keys = [];

    [Fact]
    public async Task An_assessor_marks_a_second_marker_marks_the_lead_moderates_and_releases_and_the_candidate_downloads_the_credential()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var candidate = $"candidate.{suffix}@example.gov.uk";
        var first = $"first.marker.{suffix}@example.gov.uk";
        var second = $"second.marker.{suffix}@example.gov.uk";
        var lead = $"lead.{suffix}@example.gov.uk";
        await site.Site.CreatePersonAsync(candidate, [Roles.Candidate], u => { u.OrganisationId = Guid.NewGuid(); u.DisplayName = "Niamh Adebayo"; });
        await site.Site.CreatePersonAsync(first, [Roles.Assessor], u => { u.OrganisationId = Guid.NewGuid(); u.DisplayName = "First Marker"; });
        await site.Site.CreatePersonAsync(second, [Roles.Assessor], u => { u.OrganisationId = Guid.NewGuid(); u.DisplayName = "Second Marker"; });
        await site.Site.CreatePersonAsync(lead, [Roles.LeadAssessor], u => u.OrganisationId = Guid.NewGuid());
        foreach (var person in new[] { first, second, lead })
        {
            keys[person] = await site.Site.EnableTwoFactorAsync(person);
        }

        var caseId = await SubmittedAndAllocatedAsync(candidate, first);

        // The first marker marks blind, beside the rubric; statement 3 only partly evidenced, so the portfolio is second-marked.
        await using (var watch = await SignedInAsync(first))
        {
            var page = watch.Page;
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Marking" }).ClickAsync();
            await page.Locator("#marking-list a").First.ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Level = 1, NameRegex = new System.Text.RegularExpressions.Regex("^Candidate C-") }).WaitForAsync();
            Assert.Equal(0, await page.GetByText("Niamh Adebayo").CountAsync());
            await watch.CheckAsync("marking-first-marker");
            await GradeAsync(page, [2, 2, 1, 2, 2, 2], "First marker");
            await page.Locator("#autosave-status").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Draft saved") }).WaitForAsync(new() { Timeout = 15000 });
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit marks" }).ClickAsync();
            await page.WaitForURLAsync("**/marking");
            await watch.CheckAsync("marking-submitted");
        }

        var secondMarker = await site.Site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var secondId = await db.Users.Where(u => u.Email == second).Select(u => u.Id).SingleAsync();
            var marking = await db.Set<AssessorMarking>().SingleAsync(m => m.CaseId == caseId && m.Role == MarkingRole.Second && m.Status != MarkingStatus.Reallocated);
            if (marking.AssessorId != secondId)
            {
                await sp.GetRequiredService<MarkingAllocation>().ReallocateAsync(caseId, MarkingRole.Second, secondId, CancellationToken.None);
            }

            return secondId;
        });
        Assert.NotNull(secondMarker);

        // The second marker marks independently and disagrees beyond the tolerance on statement 3.
        await using (var watch = await SignedInAsync(second))
        {
            var page = watch.Page;
            await watch.GotoAsync($"/marking/cases/{caseId}");
            Assert.Equal(0, await page.GetByText("First marker").CountAsync());
            await GradeAsync(page, [3, 3, 3, 3, 3, 3], "Second marker");
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit marks" }).ClickAsync();
            await page.WaitForURLAsync("**/marking");
        }

        // The lead assessor agrees the marks with a rationale, then releases the decision.
        await using (var watch = await SignedInAsync(lead))
        {
            var page = watch.Page;
            // Moderation is one of the admin areas, behind the one "Admin" entry of the service navigation.
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
            await page.Locator("#admin-areas").GetByRole(AriaRole.Link, new() { Name = "Moderation and release" }).ClickAsync();
            await watch.CheckAsync("marking-lead-overview");
            await watch.GotoAsync($"/marking/lead/cases/{caseId}");
            Assert.Equal("In moderation", (await page.Locator("#case-status").InnerTextAsync()).Trim());
            await page.GetByRole(AriaRole.Link, new() { Name = "Agree the marks" }).ClickAsync();
            await watch.CheckAsync("marking-moderate");
            for (var i = 0; i < 6; i++)
            {
                await page.Locator($"#Marks_{i}__Level_2").CheckAsync();
                await page.GetByLabel($"Agreed feedback on statement {i + 1}").FillAsync($"Agreed: statement {i + 1} is clearly evidenced.");
            }

            await page.GetByLabel("Agreed overall comment").FillAsync("A clear portfolio of leadership with families at its centre.");
            await page.GetByLabel("Rationale for the agreed marks").FillAsync("Read both markings against the evidence: the second document covers statement 3.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Record the agreed marks" }).ClickAsync();
            await page.Locator("#case-status", new() { HasText = "Ready for release" }).WaitForAsync();
            await watch.GotoAsync("/marking/lead/release");
            await watch.CheckAsync("marking-release");
            await page.Locator($"#release-{caseId}").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Release selected decisions" }).ClickAsync();
            await page.Locator("#message", new() { HasText = "1 decision was released." }).WaitForAsync();
            await watch.GotoAsync($"/marking/lead/cases/{caseId}");
            Assert.Contains("Niamh Adebayo", await page.Locator("#candidate").InnerTextAsync(), StringComparison.Ordinal);
        }

        // The candidate reads the decision and feedback, opens the certificate and downloads the credential.
        await using (var watch = await SignedInAsync(candidate))
        {
            var page = watch.Page;
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Your results" }).ClickAsync();
            await watch.CheckAsync("marking-candidate-results");
            await page.GetByRole(AriaRole.Link, new() { Name = "Accredited: read your feedback" }).ClickAsync();
            Assert.Equal("Accredited", (await page.Locator("#decision .govuk-panel__title").InnerTextAsync()).Trim());
            Assert.Contains("Agreed: statement 3 is clearly evidenced.", await page.Locator("#feedback").InnerTextAsync(), StringComparison.Ordinal);
            await watch.CheckAsync("marking-candidate-decision");
            await page.Locator("#certificate-link").ClickAsync();
            Assert.Equal("Niamh Adebayo", (await page.Locator("#holder").InnerTextAsync()).Trim());
            await watch.CheckAsync("marking-certificate");
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-credential").ClickAsync());
            Assert.EndsWith(".jwt", download.SuggestedFilename, StringComparison.Ordinal);
            var jwt = await File.ReadAllTextAsync((await download.PathAsync())!);
            Assert.Equal(3, jwt.Split('.').Length);
            var code = (await page.Locator("#verification-code").InnerTextAsync()).Trim();
            await watch.GotoAsync($"/verify/{code}");
            Assert.Equal("Valid", (await page.Locator("#status .govuk-tag").InnerTextAsync()).Trim());
            await watch.CheckAsync("marking-verify");
        }
    }

    /// <summary>Chooses a grade for each statement and writes feedback, then an overall comment.</summary>
    private static async Task GradeAsync(IPage page, int[] levels, string who)
    {
        for (var i = 0; i < levels.Length; i++)
        {
            await page.Locator($"#Marks_{i}__Level_{levels[i]}").CheckAsync();
            await page.GetByLabel($"Feedback on statement {i + 1}").FillAsync($"{who}: feedback on statement {i + 1}.");
        }

        await page.GetByLabel("Overall comment").FillAsync($"{who}: overall comment.");
    }

    /// <summary>Seeds an endorsed, submitted portfolio for the candidate, allocates it and makes sure the first marker has it.</summary>
    private Task<Guid> SubmittedAndAllocatedAsync(string candidateEmail, string firstMarkerEmail) =>
        site.Site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var runner = sp.GetRequiredService<RecipeRunner>();
            var recipe = await runner.RunAsync("""
                { "name": "marking journey window", "steps": [ { "name": "programmes", "programmes": [
                  { "name": "Marking journey programme", "framework": "practice-leader",
                    "windows": [ { "name": "Marking journey window", "opens": "2026-10-01", "closes": "2027-03-31", "capacity": 100 } ] } ] } ] }
                """);
            Assert.True(recipe.Succeeded, string.Join("; ", recipe.Errors));
            var window = await db.Set<AssessmentWindow>().SingleAsync(w => w.Name == "Marking journey window");
            var candidate = await db.Users.SingleAsync(u => u.Email == candidateEmail);
            var version = (await sp.GetRequiredService<IFrameworkCatalog>().GetCurrentAsync("practice-leader"))!;
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            var enrolment = new Enrolment { Id = Guid.NewGuid(), WindowId = window.Id, CandidateId = candidate.Id, OrganisationId = candidate.OrganisationId, EnrolledAt = now };
            db.Add(enrolment);
            var document = new PortfolioDocument(PortfolioDocument.CurrentFormat, "Marking journey programme", window.Name,
                new FrameworkReference(version.Key, version.Name, version.Number, version.Id),
                version.Statements.Select(s => new StatementEntry(s.Id, s.Number, s.Title, s.Description)).ToList(),
                [new ItemEntry(Guid.NewGuid(), EvidenceKind.ReflectiveAccount, "Redesigning supervision", "I led a review of supervision and changed how we reflect with families.", null, null, null,
                    version.Statements.Select(s => new MappingEntry(s.Id, s.Number, $"It shows statement {s.Number} through the review I led.")).ToList(), now, now)],
                new EndorsementEntry(EndorsementStatus.Endorsed, null, "Line manager", null, null, now), now);
            var json = document.ToJson();
            var submission = new Submission { Id = Guid.NewGuid(), EnrolmentId = enrolment.Id, Attempt = 1, SubmittedAt = now, SnapshotJson = json, ContentHash = PortfolioSubmission.Hash(json), Status = SubmissionStatus.Submitted, StatusChangedAt = now };
            db.Add(submission);
            await db.SaveChangesAsync();

            var allocation = sp.GetRequiredService<MarkingAllocation>();
            await allocation.AllocatePendingAsync();
            var markingCase = await db.Set<MarkingCase>().AsNoTracking().Include(c => c.Markings).SingleAsync(c => c.SubmissionId == submission.Id);
            var firstId = await db.Users.Where(u => u.Email == firstMarkerEmail).Select(u => u.Id).SingleAsync();
            if (markingCase.Markings.All(m => m.AssessorId != firstId))
            {
                var (marking, reasons) = await allocation.ReallocateAsync(markingCase.Id, MarkingRole.First, firstId, CancellationToken.None);
                Assert.True(marking is not null, string.Join("; ", reasons));
            }

            return markingCase.Id;
        });

    private Task<PageWatch> SignedInAsync(string email) =>
        PageWatch.SignedInAsync(site, output, email, keys.TryGetValue(email, out var key) ? key : null);
}
