using System.Net;
using Accreditation.Assessments.Data;
using Accreditation.Assessments.Sittings;
using Accreditation.Assessments.Tests.Support;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Assessments.Tests.Sittings;

public sealed class TimeLimitTests(AssessmentSite site) : IClassFixture<AssessmentSite>
{
    [Fact]
    public async Task Time_limit_is_enforced_by_the_server_and_late_saves_are_refused()
    {
        var candidate = await site.CandidateAsync();
        var sitting = await candidate.StartedSittingAsync();
        var token = await AssessmentTesting.TokenAsync(candidate.Client, sitting);
        Assert.Equal(HttpStatusCode.OK, (await candidate.Client.SaveAsync(sitting, 1, [0], token: token)).StatusCode);

        site.Clock.Advance(TimeSpan.FromMinutes(60) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await candidate.Client.SaveAsync(sitting, 2, [1], token: token)).StatusCode);

        site.Clock.Advance(TimeSpan.FromSeconds(2));
        var late = await candidate.Client.SaveAsync(sitting, 3, [2], token: token);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("time is up", await late.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var stored = await site.SittingAsync(sitting);
        Assert.Equal(SittingStatus.Submitted, stored.Status);
        Assert.True(stored.SubmittedByTimeLimit);
        Assert.Equal(stored.Deadline, stored.SubmittedAt);
        var rows = await site.RowsAsync(sitting);
        Assert.Equal(["0", "1", null, null, null], rows.Select(r => r.Answer));

        // A form post after the limit is refused too, and every page of the sitting now shows it submitted.
        var post = await candidate.Client.PostAsync($"/assessment/sittings/{sitting}/4", new FormUrlEncodedContent(new Dictionary<string, string> { ["Choices"] = "0", ["__RequestVerificationToken"] = token }));
        Assert.Equal($"/assessment/sittings/{sitting}/submitted", post.Headers.Location?.OriginalString);
        Assert.Null((await site.RowsAsync(sitting))[3].Answer);
        var page = await candidate.Client.GetAsync($"/assessment/sittings/{sitting}/1");
        Assert.Equal($"/assessment/sittings/{sitting}/submitted", page.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Adjustments_set_by_the_lead_assessor_extend_the_time()
    {
        var candidate = await site.CandidateAsync(adjustments: "I have dyslexia and need 25% extra time and a rest break.");
        var lead = await site.LeadAsync();
        var page = await lead.GetDocumentAsync("/assessment/lead/adjustments");
        Assert.Contains("I have dyslexia", page.Body!.TextContent);
        var set = await lead.PostFormAsync("/assessment/lead/adjustments", new Dictionary<string, string>
        {
            ["EnrolmentId"] = candidate.EnrolmentId.ToString(),
            ["ExtraTimePercent"] = "25",
            ["RestBreakMinutes"] = "10",
        });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);

        var sitting = await candidate.StartedSittingAsync();
        var stored = await site.SittingAsync(sitting);
        Assert.Equal(TimeSpan.FromMinutes(60 * 1.25 + 10), stored.Deadline - stored.StartedAt);

        var token = await AssessmentTesting.TokenAsync(candidate.Client, sitting);
        site.Clock.Advance(TimeSpan.FromMinutes(84));
        Assert.Equal(HttpStatusCode.OK, (await candidate.Client.SaveAsync(sitting, 1, [1], token: token)).StatusCode);
        site.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Conflict, (await candidate.Client.SaveAsync(sitting, 2, [1], token: token)).StatusCode);
    }

    [Fact]
    public async Task Bad_adjustments_are_refused_with_a_message()
    {
        var candidate = await site.CandidateAsync(adjustments: "A screen reader, please.");
        var lead = await site.LeadAsync();
        var response = await lead.PostFormAsync("/assessment/lead/adjustments", new Dictionary<string, string>
        {
            ["EnrolmentId"] = candidate.EnrolmentId.ToString(),
            ["ExtraTimePercent"] = "lots",
            ["RestBreakMinutes"] = "-5",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Extra time must be a whole number from 0 to 200 per cent.", body);
        Assert.Contains("Rest breaks must be a whole number from 0 to 240 minutes.", body);
    }

    [Fact]
    public async Task The_background_task_submits_an_expired_sitting_nobody_returns_to()
    {
        var candidate = await site.CandidateAsync();
        var sitting = await candidate.StartedSittingAsync();
        Assert.Equal(HttpStatusCode.OK, (await candidate.Client.SaveAsync(sitting, 1, [0])).StatusCode);
        site.Clock.Advance(TimeSpan.FromMinutes(61));

        await site.WithScopeAsync(sp => new ExpiredSittingsTask().RunAsync(sp, default));

        var stored = await site.SittingAsync(sitting);
        Assert.Equal(SittingStatus.Submitted, stored.Status);
        Assert.True(stored.SubmittedByTimeLimit);
        Assert.Equal(5, stored.MaxScore);
    }
}
