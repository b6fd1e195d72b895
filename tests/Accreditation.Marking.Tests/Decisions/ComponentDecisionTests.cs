using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Security;
using Accreditation.Identity.Clients;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Notifications.Outbox;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Tests.Decisions;

/// <summary>
/// The award is decided on every component the programme's rule requires: the portfolio's marks and the knowledge
/// assessment (read through the Assessments module's contract). A failed component gives "not yet" with the resit path,
/// a pending one holds the release, a pass on both awards; every viewer reads the same words; an older decision keeps its
/// rule version. Each test has a programme of its own, so their rules never meet.
/// </summary>
public sealed class ComponentDecisionTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    [Fact]
    public async Task A_failed_assessment_with_a_passing_portfolio_is_not_yet_with_no_certificate_or_credential_and_the_api_says_not_yet_accredited()
    {
        var organisation = Guid.NewGuid();
        var (window, programme) = await ProgrammeRequiringTheAssessmentAsync("Failed assessment programme");
        var submission = await site.SubmissionAsync(organisation, window: window);
        var caseId = await PassingPortfolioAsync(submission);
        await site.SitAsync(submission, pass: false);
        var resitFrom = UkCalendar.Today(site.Clock).AddDays(28);

        var result = await site.ReleaseAsync(caseId);

        Assert.Equal([caseId], result.Released);
        var released = await site.CaseOfAsync(submission.SubmissionId);
        Assert.Equal(Decision.NotYetAccredited, released.Decision);
        Assert.Equal(Decision.Accredited, released.PortfolioDecision);
        Assert.Empty(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Award>().Where(a => a.CaseId == caseId).ToListAsync()));
        Assert.Empty(await site.WithScopeAsync(sp => sp.GetRequiredService<IAccreditationAwards>().AwardsOfAsync(submission.CandidateId)));
        var components = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<DecisionComponent>().AsNoTracking().Where(c => c.CaseId == caseId).ToListAsync());
        Assert.True(components.Single(c => c.Key == "portfolio").Met);
        var assessment = components.Single(c => c.Key == "knowledge-assessment");
        Assert.False(assessment.Met);
        Assert.Equal("Not yet passed: 0 out of 2 (pass mark 50%).", assessment.Summary);
        Assert.Equal(resitFrom, assessment.NextStepFrom);
        Assert.Equal(SubmissionStatus.PortfolioMet, await SubmissionStatusAsync(submission));

        // The candidate: "Not yet accredited", each component, the resit with its date, no certificate, and no review of a portfolio that met the standard.
        var candidate = await site.CandidateClientAsync(submission.CandidateEmail);
        var page = await candidate.GetDocumentAsync($"/results/{caseId}");
        Assert.Equal("Not yet accredited", page.QuerySelector("#decision .govuk-panel__title")!.TextContent.Trim());
        var shown = page.QuerySelector("#components")!.TextContent;
        Assert.Contains("Met: Met the standard.", shown, StringComparison.Ordinal);
        Assert.Contains("Not yet met: Not yet passed: 0 out of 2 (pass mark 50%).", shown, StringComparison.Ordinal);
        Assert.Contains($"You can sit the assessment again from {UkCalendar.Format(resitFrom)}.", page.QuerySelector("#next-steps")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#certificate-link"));
        Assert.Null(page.QuerySelector("#Grounds"));
        Assert.Contains("Your portfolio met the standard", page.QuerySelector("#no-appeal")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not yet accredited: read your feedback", await candidate.GetStringAsync("/results"), StringComparison.Ordinal);
        var refused = await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Appeals.Appeals>().RequestAsync(caseId, submission.CandidateId, "Please look again", CancellationToken.None));
        Assert.Equal(page.QuerySelector("#no-appeal")!.TextContent.Trim(), refused);

        // The held result was released with the decision; the email says what to do next.
        Assert.Contains("Not yet passed", await candidate.GetStringAsync("/assessment"), StringComparison.Ordinal);
        var email = Assert.Single(await EmailsToAsync(submission.CandidateEmail));
        Assert.Contains("You are not yet accredited.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Knowledge assessment: You can sit the assessment again from {UkCalendar.Format(resitFrom)}.", email.TextBody, StringComparison.Ordinal);

        // The local authority's system reads the same outcome.
        var api = await SystemClientAsync(organisation);
        var status = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/practitioners/{submission.CandidateId}/accreditation")).RootElement;
        Assert.Equal("not-yet-accredited", status.GetProperty("status").GetString());
        Assert.Equal("Not yet accredited", status.GetProperty("statusText").GetString());
        Assert.Empty(site.UnexpectedServerProblems());
    }

    [Fact]
    public async Task A_pending_assessment_holds_the_release_with_the_reason_and_a_pass_on_both_then_gives_the_award()
    {
        var organisation = Guid.NewGuid();
        var (window, _) = await ProgrammeRequiringTheAssessmentAsync("Pending assessment programme");
        var submission = await site.SubmissionAsync(organisation, window: window);
        var caseId = await PassingPortfolioAsync(submission);
        var lead = await site.SignedInAsync((await site.AssessorAsync(Guid.NewGuid(), Roles.LeadAssessor)).Email);

        // Not sat yet: the lead's page says what the release waits for and offers no release; a release posted anyway is held.
        var releasePage = await lead.GetDocumentAsync("/marking/lead/release");
        Assert.Null(releasePage.QuerySelector($"#release-{caseId}"));
        Assert.Contains("Knowledge assessment: Not sat yet: Pending assessment programme window is open until 31 March 2027.", releasePage.QuerySelector($"#held-{caseId}")!.TextContent, StringComparison.Ordinal);
        var casePage = await lead.GetDocumentAsync($"/marking/lead/cases/{caseId}");
        Assert.Contains("The decision cannot be released yet.", casePage.QuerySelector("#held")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(casePage.QuerySelectorAll("form[action$='handler=Release']"));
        // Posted anyway, as an old form would be (the token comes from another page: these offer no form).
        var posted = await lead.PostFormAsync("/account/change-password", new Dictionary<string, string>(), $"/marking/lead/cases/{caseId}?handler=Release");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(CaseStatus.ReadyForRelease, (await site.CaseOfAsync(submission.SubmissionId)).Status);
        var all = await lead.PostFormAsync("/account/change-password", new Dictionary<string, string>(), "/marking/lead/release?handler=All");
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        Assert.Equal(CaseStatus.ReadyForRelease, (await site.CaseOfAsync(submission.SubmissionId)).Status);

        // Under way: still held, and said so.
        var sitting = await site.StartSittingAsync(submission);
        var held = await site.ReleaseAsync(caseId);
        Assert.Empty(held.Released);
        Assert.Contains("is held: Knowledge assessment: Attempt 1 is under way", Assert.Single(held.Problems), StringComparison.Ordinal);
        Assert.Empty(await EmailsToAsync(submission.CandidateEmail));

        // Passed: ready, released, awarded, and every viewer reads "Accredited".
        await site.FinishSittingAsync(submission, sitting, pass: true);
        releasePage = await lead.GetDocumentAsync("/marking/lead/release");
        Assert.Contains("Knowledge assessment: Passed: 2 out of 2 (pass mark 50%).", releasePage.QuerySelector($"#release-{caseId}-hint")!.TextContent, StringComparison.Ordinal);
        var release = await lead.PostFormAsync("/marking/lead/release", new Dictionary<string, string> { ["Selected"] = caseId.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, release.StatusCode);
        var decided = await site.CaseOfAsync(submission.SubmissionId);
        Assert.Equal(Decision.Accredited, decided.Decision);
        var award = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Award>().AsNoTracking().SingleAsync(a => a.CaseId == caseId));
        Assert.Equal("Knowledge and skills statement for practice leaders", award.FrameworkName);
        Assert.Equal(SubmissionStatus.Achieved, await SubmissionStatusAsync(submission));

        var candidate = await site.CandidateClientAsync(submission.CandidateEmail);
        var results = await candidate.GetDocumentAsync($"/results/{caseId}");
        Assert.Equal("Accredited", results.QuerySelector("#decision .govuk-panel__title")!.TextContent.Trim());
        Assert.NotNull(results.QuerySelector("#certificate-link"));
        var code = Accreditation.Marking.Certificates.Awards.Display(award.VerificationCode);
        var certificate = await candidate.GetDocumentAsync($"/certificates/{code}");
        Assert.Equal("Knowledge and skills statement for practice leaders", certificate.QuerySelector("#framework")!.TextContent.Trim());
        Assert.Equal("on the portfolio and the knowledge assessment.", certificate.QuerySelector("#components")!.TextContent.Trim());
        var credential = await candidate.GetAsync($"/certificates/{code}/credential");
        Assert.Equal(HttpStatusCode.OK, credential.StatusCode);
        var payload = JsonDocument.Parse(Base64Url((await credential.Content.ReadAsStringAsync()).Split('.')[1])).RootElement;
        var achievement = payload.GetProperty("credentialSubject").GetProperty("achievement");
        Assert.Contains("the portfolio and the knowledge assessment", achievement.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("practice-leader", achievement.GetProperty("description").GetString(), StringComparison.Ordinal);
        var verify = await site.CreateBrowserLikeClient().GetDocumentAsync($"/verify/{code}");
        Assert.Equal("Accredited", verify.QuerySelector("#status .govuk-tag")!.TextContent.Trim());
        Assert.Equal("Knowledge and skills statement for practice leaders, version 1", verify.QuerySelector("#framework")!.TextContent.Trim());
        var api = await SystemClientAsync(organisation);
        var status = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/practitioners/{submission.CandidateId}/accreditation")).RootElement;
        Assert.Equal("accredited", status.GetProperty("status").GetString());
        Assert.Equal("Accredited", status.GetProperty("statusText").GetString());
        Assert.Empty(site.UnexpectedServerProblems());
    }

    [Fact]
    public async Task An_older_released_decision_keeps_the_rule_version_it_was_made_under()
    {
        var (window, programme) = await site.ProgrammeAsync("Rule versions programme");
        await site.RuleAsync(programme, []);
        await site.KnowledgeAssessmentAsync(programme);
        var earlier = await site.SubmissionAsync(Guid.NewGuid(), window: window);
        var earlierCase = await PassingPortfolioAsync(earlier);
        Assert.Equal([earlierCase], (await site.ReleaseAsync(earlierCase)).Released);

        // An admin then requires the knowledge assessment too: a new version of the rule, from the rule page.
        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();
        var rulePage = $"/admin/marking/rules/{programme}";
        Assert.NotNull((await admin.GetDocumentAsync(rulePage)).QuerySelector("#component-knowledge-assessment"));
        var unknown = await admin.PostFormAsync(rulePage, RuleFields("observation-of-practice"));
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains("There is no component &#x27;observation-of-practice&#x27; on this site", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var saved = await admin.PostFormAsync(rulePage, RuleFields("knowledge-assessment"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("requires the portfolio and knowledge assessment", (await admin.GetDocumentAsync("/admin/marking")).QuerySelector("#rules")!.TextContent, StringComparison.Ordinal);

        // The earlier decision still means what it meant: version 1, the portfolio alone, accredited.
        var before = await site.CaseOfAsync(earlier.SubmissionId);
        Assert.Equal(1, before.DecisionRuleNumber);
        Assert.Equal(Decision.Accredited, before.Decision);
        var page = await (await site.CandidateClientAsync(earlier.CandidateEmail)).GetDocumentAsync($"/results/{earlierCase}");
        Assert.Equal("Accredited", page.QuerySelector("#decision .govuk-panel__title")!.TextContent.Trim());
        Assert.Single(page.QuerySelectorAll("#components .govuk-summary-list__row"));
        Assert.Single(await site.WithScopeAsync(sp => sp.GetRequiredService<IAccreditationAwards>().AwardsOfAsync(earlier.CandidateId)));

        // A portfolio finalised under version 2 needs the assessment.
        var later = await site.SubmissionAsync(Guid.NewGuid(), window: window);
        var laterCase = await PassingPortfolioAsync(later);
        Assert.Equal(2, (await site.CaseOfAsync(later.SubmissionId)).DecisionRuleNumber);
        Assert.Empty((await site.ReleaseAsync(laterCase)).Released);
    }

    [Fact]
    public async Task A_resit_passed_after_a_not_yet_makes_the_decision_again_and_awards()
    {
        var organisation = Guid.NewGuid();
        var (window, _) = await ProgrammeRequiringTheAssessmentAsync("Resit programme");
        var submission = await site.SubmissionAsync(organisation, window: window);
        var caseId = await PassingPortfolioAsync(submission);
        await site.SitAsync(submission, pass: false);
        var resitFrom = UkCalendar.Today(site.Clock).AddDays(28);
        Assert.Equal([caseId], (await site.ReleaseAsync(caseId)).Released);

        // Before the resit date the assessment page gives the date and no start; on the date the resit starts.
        var candidate = await site.CandidateClientAsync(submission.CandidateEmail);
        var assessment = await candidate.GetDocumentAsync("/assessment");
        Assert.Contains($"You can sit the assessment again from {UkCalendar.Format(resitFrom)}.", assessment.Body!.TextContent, StringComparison.Ordinal);
        Assert.Empty(assessment.QuerySelectorAll("form[action*='handler=Start']"));
        site.Clock.Advance(TimeSpan.FromDays(28));
        await site.SitAsync(submission, pass: true);

        var lead = await site.SignedInAsync((await site.AssessorAsync(Guid.NewGuid(), Roles.LeadAssessor)).Email);
        var releasePage = await lead.GetDocumentAsync("/marking/lead/release");
        Assert.Contains("(made again with a later result)", releasePage.QuerySelector($"label[for='release-{caseId}']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync("/marking/lead/release", new Dictionary<string, string> { ["Selected"] = caseId.ToString() })).StatusCode);

        var decided = await site.CaseOfAsync(submission.SubmissionId);
        Assert.Equal(Decision.Accredited, decided.Decision);
        Assert.Single(await site.WithScopeAsync(sp => sp.GetRequiredService<IAccreditationAwards>().AwardsOfAsync(submission.CandidateId)));
        Assert.Equal(SubmissionStatus.Achieved, await SubmissionStatusAsync(submission));
        Assert.Equal("Accredited", (await (await site.CandidateClientAsync(submission.CandidateEmail)).GetDocumentAsync($"/results/{caseId}")).QuerySelector("#decision .govuk-panel__title")!.TextContent.Trim());
        Assert.Empty((await site.ReleaseAsync(caseId)).Released); // nothing changes it now
    }

    [Fact]
    public async Task No_page_of_the_decision_journey_shows_a_code_name_or_a_framework_key_and_every_viewer_reads_the_same_outcome()
    {
        var organisation = Guid.NewGuid();
        var (window, _) = await ProgrammeRequiringTheAssessmentAsync("Words programme");
        var passed = await site.SubmissionAsync(organisation, candidateName: "Passed Candidate", window: window);
        var failed = await site.SubmissionAsync(organisation, candidateName: "Failed Candidate", window: window);
        var passedCase = await PassingPortfolioAsync(passed);
        var failedCase = await PassingPortfolioAsync(failed);
        await site.SitAsync(passed, pass: true);
        await site.SitAsync(failed, pass: false);
        var lead = await site.SignedInAsync((await site.AssessorAsync(Guid.NewGuid(), Roles.LeadAssessor)).Email);
        var pages = new List<(string Who, string Url, string Text)>();
        async Task ReadAsync(string who, HttpClient client, string url)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{who} {url}: {(int)response.StatusCode}");
            pages.Add((who, url, Accreditation.Testing.Pages.Parse(await response.Content.ReadAsStringAsync()).Body!.TextContent));
        }

        await ReadAsync("lead", lead, "/marking/lead/release");
        await ReadAsync("lead", lead, $"/marking/lead/cases/{passedCase}");
        Assert.Equal(new[] { passedCase, failedCase }.Order(), (await site.ReleaseAsync(passedCase, failedCase)).Released.Order());
        var code = Accreditation.Marking.Certificates.Awards.Display(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Award>().Where(a => a.CaseId == passedCase).Select(a => a.VerificationCode).SingleAsync()));

        var passedClient = await site.CandidateClientAsync(passed.CandidateEmail);
        var failedClient = await site.CandidateClientAsync(failed.CandidateEmail);
        var adminEmail = $"la-admin-{Guid.NewGuid():N}@example.gov.uk";
        await site.CreatePersonAsync(adminEmail, [Roles.OrganisationAdmin], u => { u.OrganisationId = organisation; u.DisplayName = "Authority Admin"; }, MarkingSite.Password);
        var authority = await site.SignedInAsync(adminEmail);
        foreach (var (client, id, caseId) in new[] { (passedClient, "passed", passedCase), (failedClient, "failed", failedCase) })
        {
            await ReadAsync(id, client, "/results");
            await ReadAsync(id, client, $"/results/{caseId}");
            await ReadAsync(id, client, "/portfolio");
            await ReadAsync(id, client, "/assessment");
            await ReadAsync("lead", lead, $"/marking/lead/cases/{caseId}");
        }

        await ReadAsync("lead", lead, "/marking/lead");
        await ReadAsync("passed", passedClient, $"/certificates/{code}");
        await ReadAsync("visitor", site.CreateBrowserLikeClient(), $"/verify/{code}");
        await ReadAsync("authority", authority, "/organisation/portfolios");

        string[] codeNames = ["InReview", "NotYet", "ReadyForRelease", "InModeration", "InMarking", "MarkingStarted", "PortfolioMet", "SecondMarking", "InProgress",
            "UnderReview", "Achieved", "knowledge-assessment", "not-yet-accredited", "practice-leader"];
        foreach (var (who, url, text) in pages)
        {
            Assert.All(codeNames, name => Assert.False(text.Contains(name, StringComparison.Ordinal), $"{who} {url} shows '{name}'"));
        }

        // The same words for each outcome, wherever it is read.
        var results = (await passedClient.GetDocumentAsync($"/results/{passedCase}")).QuerySelector("#decision .govuk-panel__title")!.TextContent.Trim();
        var notYet = (await failedClient.GetDocumentAsync($"/results/{failedCase}")).QuerySelector("#decision .govuk-panel__title")!.TextContent.Trim();
        Assert.Equal(("Accredited", "Not yet accredited"), (results, notYet));
        var rows = (await authority.GetDocumentAsync("/organisation/portfolios")).QuerySelectorAll("#candidates tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Passed Candidate", StringComparison.Ordinal) && r.Contains(results, StringComparison.Ordinal) && !r.Contains(notYet, StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Failed Candidate", StringComparison.Ordinal) && r.Contains(notYet, StringComparison.Ordinal));
        Assert.Equal(results, (await lead.GetDocumentAsync($"/marking/lead/cases/{passedCase}")).QuerySelector("#decision")!.TextContent.Trim());
        Assert.Equal(notYet, (await lead.GetDocumentAsync($"/marking/lead/cases/{failedCase}")).QuerySelector("#decision")!.TextContent.Trim());
        Assert.Equal(results, (await site.CreateBrowserLikeClient().GetDocumentAsync($"/verify/{code}")).QuerySelector("#status .govuk-tag")!.TextContent.Trim());
        var api = await SystemClientAsync(organisation);
        foreach (var (who, words) in new[] { (passed, results), (failed, notYet) })
        {
            var status = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/practitioners/{who.CandidateId}/accreditation")).RootElement;
            Assert.Equal(words, status.GetProperty("statusText").GetString());
        }
    }

    [Fact]
    public async Task The_demo_recipe_has_two_lead_assessors_and_a_programme_whose_award_needs_the_assessment_it_sets_up()
    {
        var run = await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Core.Recipes.RecipeRunner>().RunFileAsync(Path.Combine(PlatformFactory.RecipesFolder(), "demo.recipe.json"), allowDemo: true));
        Assert.True(run.Succeeded, string.Join("; ", run.Errors));
        var leads = await site.WithScopeAsync(async sp => (await sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Accreditation.Core.Identity.PlatformUser>>().GetUsersInRoleAsync(Roles.LeadAssessor))
            .Where(u => u.Email!.EndsWith("@demo.example", StringComparison.Ordinal)).ToList());
        Assert.True(leads.Count >= 2, $"{leads.Count} demo lead assessors");
        Assert.True(leads.Select(l => l.OrganisationId).Distinct().Count() >= 2, "the demo's lead assessors share an organisation");
        var rule = await site.WithScopeAsync(async sp =>
        {
            var programme = (await sp.GetRequiredService<Accreditation.Portfolios.Contracts.IProgrammeDirectory>().ListAsync()).Single(p => p.Name == "Practice leader accreditation");
            return await sp.GetRequiredService<Accreditation.Marking.Rubrics.DecisionRules>().CurrentAsync(programme.Id, CancellationToken.None);
        });
        Assert.Equal(["knowledge-assessment"], rule.ComponentKeys());

        // The demo candidate's assessment is set up: it waits to be sat, never "not set up".
        var amara = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Users.Where(u => u.Email == "candidate@demo.example").Select(u => new { u.Id, u.OrganisationId }).SingleAsync());
        var window = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<AssessmentWindow>().Where(w => w.Name == "Winter 2026").Select(w => w.Id).SingleAsync());
        var enrolment = await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var e = new Enrolment { Id = Guid.NewGuid(), WindowId = window, CandidateId = amara.Id, OrganisationId = amara.OrganisationId, EnrolledAt = site.Clock.GetUtcNow() };
            db.Add(e);
            await db.SaveChangesAsync();
            return e.Id;
        });
        var component = await site.WithScopeAsync(sp => sp.GetServices<IAccreditationComponent>().Single(c => c.Key == "knowledge-assessment").ResultAsync(enrolment));
        Assert.Equal(ComponentOutcome.Pending, component.Outcome);
        Assert.StartsWith("Not sat yet", component.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Withdraw_is_offered_only_until_marking_starts_and_then_the_page_says_since_when()
    {
        var submission = await site.SubmissionAsync(Guid.NewGuid());
        var candidate = await site.CandidateClientAsync(submission.CandidateEmail);
        var check = $"/portfolio/{submission.EnrolmentId}/check";
        Assert.NotEmpty((await candidate.GetDocumentAsync(check)).QuerySelectorAll($"form[action*='submissionId={submission.SubmissionId}']"));

        // The first marker opens it: marking has started, so withdrawing is no longer offered, and the page says since when.
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        await site.AllocateAsync();
        var marking = await site.MarkingOfAsync(submission.SubmissionId, MarkingRole.First);
        await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Work.MarkingWork>().OpenAsync(marking.CaseId, marking.AssessorId, CancellationToken.None));
        var started = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Submission>().Where(s => s.Id == submission.SubmissionId).Select(s => s.StatusChangedAt).SingleAsync());
        var page = await candidate.GetDocumentAsync(check);
        Assert.Empty(page.QuerySelectorAll($"form[action*='submissionId={submission.SubmissionId}']"));
        var row = page.QuerySelector("#submissions tbody tr")!.TextContent;
        Assert.Contains("Being marked", row, StringComparison.Ordinal);
        Assert.Contains($"It can no longer be withdrawn: marking started on {UkCalendar.Format(started)}.", row, StringComparison.Ordinal);
        Assert.DoesNotContain("MarkingStarted", row, StringComparison.Ordinal);

        var posted = await candidate.PostFormAsync("/account/change-password", new Dictionary<string, string>(), $"{check}?handler=Withdraw&submissionId={submission.SubmissionId}");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("This submission can no longer be withdrawn: marking has started.", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubmissionStatus.MarkingStarted, await SubmissionStatusAsync(submission));
    }

    private async Task<(Guid Window, Guid Programme)> ProgrammeRequiringTheAssessmentAsync(string name)
    {
        var (window, programme) = await site.ProgrammeAsync(name);
        await site.RuleAsync(programme, ["knowledge-assessment"]);
        await site.KnowledgeAssessmentAsync(programme);
        return (window, programme);
    }

    /// <summary>Allocates the portfolio and gives it a clear pass on the first marking (no sample under the programme's rule), ready for release.</summary>
    private async Task<Guid> PassingPortfolioAsync(Seeded submission)
    {
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        await site.AllocateAsync();
        await site.MarkWithServicesAsync(submission.SubmissionId, MarkingRole.First, [3, 3, 3, 3, 3, 3]);
        var markingCase = await site.CaseOfAsync(submission.SubmissionId);
        Assert.Equal(CaseStatus.ReadyForRelease, markingCase.Status);
        return markingCase.Id;
    }

    private static Dictionary<string, string> RuleFields(string component) => new()
    {
        ["Components"] = component,
        ["MinimumLevel"] = "2",
        ["StatementsAllowedBelow"] = "0",
        ["SamplePercent"] = "0",
        ["Tolerance"] = "1",
        ["AppealDays"] = "28",
    };

    private Task<SubmissionStatus> SubmissionStatusAsync(Seeded submission) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Submission>().Where(s => s.Id == submission.SubmissionId).Select(s => s.Status).SingleAsync());

    private async Task<List<OutboxEmail>> EmailsToAsync(string address)
    {
        var all = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().AsNoTracking().ToListAsync());
        return all.Where(e => e.RecipientAddresses.Contains(address, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private static string Base64Url(string part) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(part.Replace('-', '+').Replace('_', '/').PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=')));

    private async Task<HttpClient> SystemClientAsync(Guid organisation)
    {
        var clientId = "la-system-" + Guid.NewGuid().ToString("N")[..8];
        var secret = await site.WithScopeAsync(async sp =>
        {
            var (created, problems) = await sp.GetRequiredService<ClientApplications>().CreateAsync(
                new ClientInput(clientId, "Reporting " + clientId, "confidential", true, [], [], ["client_credentials"], [ApiScopes.AccreditationRead], organisation));
            Assert.Empty(problems);
            return created!;
        });
        var http = site.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost/"), AllowAutoRedirect = false, HandleCookies = false });
        http.DefaultRequestHeaders.Add(TestClientAddress.Header, "203.0.113.78");
        var token = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = ApiScopes.AccreditationRead,
        }));
        var body = await token.Content.ReadAsStringAsync();
        Assert.True(token.StatusCode == HttpStatusCode.OK, body);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString());
        return http;
    }
}
