using System.Net;
using Accreditation.Assessments.Tests.Support;
using Accreditation.Core.Data;
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
