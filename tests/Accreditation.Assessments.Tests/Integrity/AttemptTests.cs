using System.Net;
using Accreditation.Assessments.Tests.Support;
using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Assessments.Tests.Integrity;

public sealed class AttemptTests(AssessmentSite site) : IClassFixture<AssessmentSite>
{
    [Fact]
    public async Task Each_sittings_events_are_audited()
    {
        var candidate = await site.CandidateAsync();
        var sitting = await candidate.StartedSittingAsync();
        Assert.Equal(HttpStatusCode.OK, (await candidate.Client.SaveAsync(sitting, 1, [0])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await candidate.Client.SaveAsync(sitting, 2, [1])).StatusCode);
        var resumed = await site.SignInAsync(candidate.Email);
        Assert.Equal(HttpStatusCode.Redirect, (await resumed.StartAsync(candidate.EnrolmentId)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await resumed.PostFormAsync($"/assessment/sittings/{sitting}/review", new Dictionary<string, string>())).StatusCode);

        var actions = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries
            .Where(a => a.RecordType == "Sitting" && a.RecordId == sitting.ToString()).Select(a => new { a.Action, a.UserId }).ToListAsync());
        Assert.Equal(
            ["assessment.answer-saved", "assessment.answer-saved", "assessment.sitting-resumed", "assessment.sitting-started", "assessment.sitting-submitted"],
            actions.Select(a => a.Action).Order());
        Assert.All(actions, a => Assert.Equal(candidate.UserId, a.UserId));
    }

    [Fact]
    public async Task No_resit_before_the_blueprint_allows_and_no_more_attempts_than_it_allows()
    {
        var candidate = await site.CandidateAsync();
        var first = await candidate.StartedSittingAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await candidate.Client.PostFormAsync($"/assessment/sittings/{first}/review", new Dictionary<string, string>())).StatusCode);

        var tooSoon = await candidate.Client.StartAsync(candidate.EnrolmentId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooSoon.StatusCode);
        Assert.Contains("You can sit the assessment again from 30 November 2026", await tooSoon.Content.ReadAsStringAsync());

        site.Clock.Advance(TimeSpan.FromDays(28));
        candidate = candidate with { Client = await site.SignInAsync(candidate.Email) }; // the sign-in has expired meanwhile
        var second = await candidate.StartedSittingAsync();
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.Redirect, (await candidate.Client.PostFormAsync($"/assessment/sittings/{second}/review", new Dictionary<string, string>())).StatusCode);

        site.Clock.Advance(TimeSpan.FromDays(30));
        candidate = candidate with { Client = await site.SignInAsync(candidate.Email) };
        var third = await candidate.Client.StartAsync(candidate.EnrolmentId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, third.StatusCode);
        Assert.Contains("You have used all 2 attempts allowed", await third.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Before_the_resit_date_the_page_shows_the_date_and_no_start_button_and_a_start_posted_anyway_is_refused_alike()
    {
        var candidate = await site.CandidateAsync();
        var first = await candidate.StartedSittingAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await candidate.Client.PostFormAsync($"/assessment/sittings/{first}/review", new Dictionary<string, string>())).StatusCode);
        var said = $"You can sit the assessment again from {UkCalendar.Format(UkCalendar.Today(site.Clock).AddDays(28))}.";

        var page = await candidate.Client.GetDocumentAsync("/assessment");
        Assert.Equal(said, page.QuerySelector($"#not-now-{candidate.EnrolmentId}")!.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("form[action*='handler=Start']"));
        Assert.DoesNotContain(page.QuerySelectorAll("button"), b => b.TextContent.Contains("Start", StringComparison.Ordinal));
        var posted = await candidate.Client.StartAsync(candidate.EnrolmentId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        Assert.Contains(said, WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_knowledge_assessment_component_reads_pending_then_not_met_with_the_resit_date_then_met()
    {
        var candidate = await site.CandidateAsync();
        Task<ComponentResult> ReadAsync() => site.WithScopeAsync(sp => sp.GetServices<IAccreditationComponent>().Single(c => c.Key == "knowledge-assessment").ResultAsync(candidate.EnrolmentId));

        var notSat = await ReadAsync();
        Assert.Equal(ComponentOutcome.Pending, notSat.Outcome);
        Assert.Equal("Not sat yet: Test window is open until 31 March 2027.", notSat.Summary);

        var sitting = await candidate.StartedSittingAsync();
        var underWay = await ReadAsync();
        Assert.Equal(ComponentOutcome.Pending, underWay.Outcome);
        Assert.StartsWith("Attempt 1 is under way", underWay.Summary, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await candidate.Client.PostFormAsync($"/assessment/sittings/{sitting}/review", new Dictionary<string, string>())).StatusCode);
        var failed = await ReadAsync();
        Assert.Equal(ComponentOutcome.NotMet, failed.Outcome);
        Assert.Equal("Not yet passed: 0 out of 5 (pass mark 60%).", failed.Summary);
        Assert.Equal(UkCalendar.Today(site.Clock).AddDays(28), failed.NextStepFrom);
        Assert.Equal(sitting.ToString(), failed.Reference);
        Assert.Null((await site.SittingAsync(sitting)).ReleasedAt); // read while held: the decision is made before release
    }
}

public sealed class WindowTests(AssessmentSite site) : IClassFixture<AssessmentSite>
{
    [Fact]
    public async Task No_start_outside_the_window()
    {
        var candidate = await site.CandidateAsync();
        site.Clock.Advance(TimeSpan.FromDays(150)); // 1 April 2027: the window closed on 31 March
        var refused = await (await site.SignInAsync(candidate.Email)).StartAsync(candidate.EnrolmentId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("only while Test window is open, from 1 October 2026 to 31 March 2027", await refused.Content.ReadAsStringAsync());
        Assert.Empty(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Data.Sitting>().ToListAsync()));
    }
}
