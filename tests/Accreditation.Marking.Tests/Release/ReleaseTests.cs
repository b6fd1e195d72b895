using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using Accreditation.Core.Data;
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

namespace Accreditation.Marking.Tests.Release;

/// <summary>Nothing of the marking reaches the candidate before release; release records the outcome, emails, tells the listeners, and the API reports it.</summary>
public sealed class ReleaseTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    [Fact]
    public async Task Marks_and_feedback_are_invisible_to_the_candidate_before_release_and_visible_after()
    {
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var submission = await site.SubmissionAsync(Guid.NewGuid());
        var candidate = await site.CandidateClientAsync(submission.CandidateEmail);
        await site.AllocateAsync();
        var marking = await site.MarkingOfAsync(submission.SubmissionId, MarkingRole.First);
        var assessor = await site.SignedInAsIdAsync(marking.AssessorId);
        Assert.Equal(HttpStatusCode.Redirect, (await MarkingSite.MarkAsync(assessor, marking.CaseId, [3, 3, 2, 3, 3, 3], "SECRET-STATEMENT-FEEDBACK", "SECRET-OVERALL-FEEDBACK")).StatusCode);
        var markingCase = await site.CaseOfAsync(submission.SubmissionId);
        Assert.Equal(CaseStatus.ReadyForRelease, markingCase.Status);

        foreach (var url in new[] { "/results", $"/results/{markingCase.Id}", "/portfolio" })
        {
            var before = await candidate.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            var html = await before.Content.ReadAsStringAsync();
            Assert.DoesNotContain("SECRET-", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Strongly evidenced", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Accredited", html.Replace("Not yet accredited", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.Contains("being marked", await candidate.GetStringAsync($"/results/{markingCase.Id}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await candidate.GetAsync($"/results/{Guid.NewGuid()}")).StatusCode);
        Assert.Empty(await EmailsToAsync(submission.CandidateEmail));

        var lead = await site.AssessorAsync(Guid.NewGuid(), Roles.LeadAssessor);
        var leadClient = await site.SignedInAsync(lead.Email);
        var caseBefore = await leadClient.GetStringAsync($"/marking/lead/cases/{markingCase.Id}");
        Assert.DoesNotContain(submission.CandidateEmail, caseBefore, StringComparison.Ordinal);
        var released = await leadClient.PostFormAsync("/marking/lead/release", new Dictionary<string, string> { ["Selected"] = markingCase.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);

        var after = await candidate.GetStringAsync($"/results/{markingCase.Id}");
        Assert.Contains("SECRET-STATEMENT-FEEDBACK (statement 1)", after, StringComparison.Ordinal);
        Assert.Contains("SECRET-OVERALL-FEEDBACK", after, StringComparison.Ordinal);
        Assert.Contains("Strongly evidenced", after, StringComparison.Ordinal);
        Assert.Equal("Accredited", Accreditation.Testing.Pages.Parse(after).QuerySelector("#decision .govuk-panel__title")!.TextContent.Trim());
        Assert.Contains(submission.EnrolmentId, RecordingListener.Calls.SelectMany(c => c));
        var email = Assert.Single(await EmailsToAsync(submission.CandidateEmail));
        Assert.Contains("accredited", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/results/{markingCase.Id}", email.TextBody, StringComparison.Ordinal);
        Assert.Equal(SubmissionStatus.Achieved, await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Submission>().Where(s => s.Id == submission.SubmissionId).Select(s => s.Status).SingleAsync()));

        // Once released, the lead assessor (never the assessor) sees who the candidate was.
        Assert.Contains(submission.CandidateEmail, await leadClient.GetStringAsync($"/marking/lead/cases/{markingCase.Id}"), StringComparison.Ordinal);
        Assert.DoesNotContain(submission.CandidateEmail, await assessor.GetStringAsync($"/marking/cases/{markingCase.Id}"), StringComparison.Ordinal);
        Assert.Empty(site.UnexpectedServerProblems());
    }

    [Fact]
    public async Task The_api_for_local_authority_systems_reports_in_assessment_then_accredited_with_the_expiry()
    {
        var organisation = Guid.NewGuid();
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var submission = await site.SubmissionAsync(organisation);
        var api = await SystemClientAsync(organisation);

        async Task<JsonElement> StatusAsync()
        {
            var response = await api.GetAsync($"/api/v1/practitioners/{submission.CandidateId}/accreditation");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        }

        Assert.Equal(JsonValueKind.Null, (await StatusAsync()).GetProperty("status").ValueKind);
        await site.AllocateAsync();
        Assert.Equal("in-assessment", (await StatusAsync()).GetProperty("status").GetString());

        await site.MarkWithServicesAsync(submission.SubmissionId, MarkingRole.First, [3, 3, 3, 3, 3, 2]);
        var caseId = (await site.CaseOfAsync(submission.SubmissionId)).Id;
        await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Release.DecisionRelease>().ReleaseAsync([caseId], "lead", CancellationToken.None));

        var status = await StatusAsync();
        Assert.Equal("accredited", status.GetProperty("status").GetString());
        Assert.Equal("practice-leader", status.GetProperty("framework").GetString());
        Assert.Equal("2026-11-02", status.GetProperty("awardedOn").GetString());
        Assert.Equal("2029-11-01", status.GetProperty("expiresOn").GetString()); // the programme's 3 years
        var list = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/organisations/{organisation}/practitioners")).RootElement;
        Assert.Equal("accredited", list.GetProperty("practitioners")[0].GetProperty("accreditation").GetProperty("status").GetString());

        var awards = await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Core.Contracts.IAccreditationAwards>().AwardsOfAsync(submission.CandidateId));
        var award = Assert.Single(awards);
        Assert.Equal(new DateOnly(2029, 11, 1), award.ValidUntil);
        Assert.Equal("Marking test programme", award.ProgrammeName);
    }

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
        http.DefaultRequestHeaders.Add(TestClientAddress.Header, "203.0.113.77");
        var token = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = ApiScopes.AccreditationRead,
        }));
        var body = await token.Content.ReadAsStringAsync();
        Assert.True(token.StatusCode == HttpStatusCode.OK, body);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString());
        return http;
    }

    private async Task<List<OutboxEmail>> EmailsToAsync(string address)
    {
        var all = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().AsNoTracking().ToListAsync());
        return all.Where(e => e.RecipientAddresses.Contains(address, StringComparison.OrdinalIgnoreCase)).ToList();
    }
}
