using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Accreditation.Assessments.Sittings;
using Accreditation.BrowserTests.Infrastructure;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Data;
using Accreditation.Marking.Rubrics;
using Accreditation.Marking.Work;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Submissions;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Marking;

/// <summary>
/// A submitted portfolio is marked blind by a lead assessor who also marks, second-marked, moderated by the other lead
/// assessor (the marking one is told why they cannot) and released with a second candidate's; the programme requires
/// the knowledge assessment too. The candidate who passed both reads "Accredited" and downloads their credential; the
/// one who failed the assessment reads "Not yet accredited" with the resit date and gets no certificate. Submissions and
/// sittings are seeded through the services (the candidate's way to them is the portfolio and sitting journeys' test).
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
        var failed = $"failed.candidate.{suffix}@example.gov.uk";
        var first = $"first.marker.{suffix}@example.gov.uk";
        var second = $"second.marker.{suffix}@example.gov.uk";
        var lead = $"lead.{suffix}@example.gov.uk";
        await site.Site.CreatePersonAsync(candidate, [Roles.Candidate], u => { u.OrganisationId = Guid.NewGuid(); u.DisplayName = "Niamh Adebayo"; });
        await site.Site.CreatePersonAsync(failed, [Roles.Candidate], u => { u.OrganisationId = Guid.NewGuid(); u.DisplayName = "Callum Reid"; });
        await site.Site.CreatePersonAsync(first, [Roles.Assessor, Roles.LeadAssessor], u => { u.OrganisationId = Guid.NewGuid(); u.DisplayName = "First Marker"; });
        await site.Site.CreatePersonAsync(second, [Roles.Assessor], u => { u.OrganisationId = Guid.NewGuid(); u.DisplayName = "Second Marker"; });
        await site.Site.CreatePersonAsync(lead, [Roles.LeadAssessor], u => u.OrganisationId = Guid.NewGuid());
        foreach (var person in new[] { first, second, lead })
        {
            keys[person] = await site.Site.EnableTwoFactorAsync(person);
        }

        await ProgrammeAsync();
        var caseId = await SubmittedAndAllocatedAsync(candidate, first);
        await SitAsync(candidate, pass: true);
        var failedCase = await SubmittedAndAllocatedAsync(failed, second);
        await MarkFirstAsync(failedCase, [3, 3, 3, 3, 3, 3]);
        await SitAsync(failed, pass: false);

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

        // The lead assessor who marked it is told why they cannot agree the marks, and offered nothing.
        await using (var watch = await SignedInAsync(first))
        {
            var page = watch.Page;
            await watch.GotoAsync($"/marking/lead/cases/{caseId}");
            Assert.Equal("You marked this portfolio, so another lead assessor must agree its marks.", (await page.Locator("#cannot-moderate").InnerTextAsync()).Trim());
            Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Agree the marks" }).CountAsync());
            await watch.CheckAsync("marking-lead-who-marked");
        }

        // The other lead assessor agrees the marks with a rationale, then releases both decisions.
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
            Assert.Contains("Knowledge assessment: Not yet passed: 0 out of 2 (pass mark 50%).", await page.Locator($"#release-{failedCase}-hint").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("Not yet accredited", await page.Locator($"label[for='release-{failedCase}']").InnerTextAsync(), StringComparison.Ordinal);
            await watch.CheckAsync("marking-release");
            await page.Locator($"#release-{caseId}").CheckAsync();
            await page.Locator($"#release-{failedCase}").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Release selected decisions" }).ClickAsync();
            await page.Locator("#message", new() { HasText = "2 decisions were released." }).WaitForAsync();
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
            Assert.Equal("Accredited", (await page.Locator("#status .govuk-tag").InnerTextAsync()).Trim());
            Assert.StartsWith("Knowledge and skills statement for practice leaders", (await page.Locator("#framework").InnerTextAsync()).Trim(), StringComparison.Ordinal);
            await watch.CheckAsync("marking-verify");
        }

        // The candidate who failed the knowledge assessment: not yet accredited, why, and when they can resit; no certificate.
        await using (var watch = await SignedInAsync(failed))
        {
            var page = watch.Page;
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Your results" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Not yet accredited: read your feedback" }).ClickAsync();
            Assert.Equal("Not yet accredited", (await page.Locator("#decision .govuk-panel__title").InnerTextAsync()).Trim());
            Assert.Contains("Not yet passed: 0 out of 2 (pass mark 50%).", await page.Locator("#components").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("You can sit the assessment again from 30 November 2026.", await page.Locator("#next-steps").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("#certificate-link").CountAsync());
            await watch.CheckAsync("marking-candidate-not-yet");
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

    /// <summary>
    /// The journey's programme, once: a window open on the site's clock, a decision rule requiring the knowledge
    /// assessment (no random sample), and a two-question assessment (pass mark 50%, resit after 28 days).
    /// </summary>
    private Task ProgrammeAsync() =>
        site.Site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var recipe = await sp.GetRequiredService<RecipeRunner>().RunAsync("""
                { "name": "marking journey window", "steps": [ { "name": "programmes", "programmes": [
                  { "name": "Marking journey programme", "framework": "practice-leader",
                    "windows": [ { "name": "Marking journey window", "opens": "2026-10-01", "closes": "2027-03-31", "capacity": 100 } ] } ] } ] }
                """);
            Assert.True(recipe.Succeeded, string.Join("; ", recipe.Errors));
            var programme = (await db.Set<AssessmentWindow>().SingleAsync(w => w.Name == "Marking journey window")).ProgrammeId;
            await sp.GetRequiredService<DecisionRules>().AddVersionAsync(programme, new DecisionRuleInput(2, 0, 0, 1, 28, ["knowledge-assessment"]), null, CancellationToken.None);
            var items = new[]
            {
                new ItemDraft("MJ-1", "Single", "Marking journey", [1], null, null, "Which helps reflective practice most?", ["More paperwork", "Regular supervision", "Fewer visits"], [2], false, null, "Live"),
                new ItemDraft("MJ-2", "Single", "Marking journey", [2], null, null, "Whom should a practice leader ask about the help given?", ["Nobody", "Families", "The auditors"], [2], false, null, "Live"),
            };
            Assert.True((await sp.GetRequiredService<QuestionBank>().SaveAllAsync(items, "browser-test", CancellationToken.None)).Succeeded);
            db.Add(new Blueprint { Id = Guid.NewGuid(), ProgrammeId = programme, Rules = "Marking journey=2", TimeLimitMinutes = 30, PassMarkPercent = 50, MaxAttempts = 2, ResitAfterDays = 28 });
            await db.SaveChangesAsync();
        });

    /// <summary>The candidate sits the knowledge assessment through its service, answering every question right or wrong, and submits.</summary>
    private Task SitAsync(string candidateEmail, bool pass) =>
        site.Site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var sittings = sp.GetRequiredService<SittingService>();
            var candidateId = await db.Users.Where(u => u.Email == candidateEmail).Select(u => u.Id).SingleAsync();
            var enrolment = await db.Set<Enrolment>().Where(e => e.CandidateId == candidateId).Select(e => e.Id).SingleAsync();
            var started = await sittings.StartAsync(enrolment, candidateId, CancellationToken.None);
            Assert.True(started.SittingId is not null, started.Error);
            db.ChangeTracker.Clear(); // answers are saved by conditional updates: the next request reads them afresh, as a browser's would
            var rows = await (from i in db.Set<SittingItem>().AsNoTracking()
                              join q in db.Set<QuestionItem>() on i.ItemId equals q.Id
                              where i.SittingId == started.SittingId
                              select new { i.Position, i.OptionOrder, i.OptionTokens, q.Correct }).ToListAsync();
            foreach (var row in rows)
            {
                var right = int.Parse(row.Correct, System.Globalization.CultureInfo.InvariantCulture);
                var value = SittingService.ShownOptions(row.OptionOrder, row.OptionTokens!).First(o => pass ? o.Index == right : o.Index != right).Token;
                Assert.Equal(SaveOutcome.Saved, (await sittings.SaveAsync(started.SittingId!.Value, candidateId, row.Position, [value], null, CancellationToken.None)).Outcome);
            }

            Assert.True(await sittings.SubmitByCandidateAsync(started.SittingId!.Value, candidateId, CancellationToken.None));
            Assert.Equal(pass, (await db.Set<Sitting>().AsNoTracking().SingleAsync(s => s.Id == started.SittingId)).Passed);
        });

    /// <summary>The first marking of a case, submitted through the marking service by whoever holds it (kept out of the browser: the journey marks the other case).</summary>
    private Task MarkFirstAsync(Guid caseId, int[] levels) =>
        site.Site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var assessor = await db.Set<AssessorMarking>().Where(m => m.CaseId == caseId && m.Role == MarkingRole.First && m.Status != MarkingStatus.Reallocated).Select(m => m.AssessorId).SingleAsync();
            var work = sp.GetRequiredService<MarkingWork>();
            var open = await work.OpenAsync(caseId, assessor, CancellationToken.None) ?? throw new InvalidOperationException("The marking could not be opened.");
            var marks = open.Marking.Marks.OrderBy(m => m.StatementNumber).Select((m, i) => new MarkInput(m.StatementNumber, levels[i], "Clear evidence.")).ToList();
            var saved = await work.SaveAsync(open.Marking.Id, open.Marking.Version, marks, "A clear portfolio.", submit: true, open.Rubric.Levels.Count, CancellationToken.None);
            Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => e.Message)));
        });

    /// <summary>Seeds an endorsed, submitted portfolio for the candidate, allocates it and, when one is named, makes sure that first marker has it.</summary>
    private Task<Guid> SubmittedAndAllocatedAsync(string candidateEmail, string? firstMarkerEmail) =>
        site.Site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
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
            if (firstMarkerEmail is not null)
            {
                // A lead assessor who also marks may take it: another lead assessor can still moderate.
                var firstId = await db.Users.Where(u => u.Email == firstMarkerEmail).Select(u => u.Id).SingleAsync();
                if (markingCase.Markings.All(m => m.AssessorId != firstId))
                {
                    var (marking, reasons) = await allocation.ReallocateAsync(markingCase.Id, MarkingRole.First, firstId, CancellationToken.None);
                    Assert.True(marking is not null, string.Join("; ", reasons));
                }
            }

            return markingCase.Id;
        });

    private Task<PageWatch> SignedInAsync(string email) =>
        PageWatch.SignedInAsync(site, output, email, keys.TryGetValue(email, out var key) ? key : null);
}
