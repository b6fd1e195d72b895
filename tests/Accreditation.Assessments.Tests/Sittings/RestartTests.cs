using System.Net;
using Accreditation.Assessments.Data;
using Accreditation.Assessments.Tests.Support;
using Accreditation.Testing;

namespace Accreditation.Assessments.Tests.Sittings;

public sealed class RestartTests
{
    [Fact]
    public async Task Resume_after_a_restart_of_the_host_keeps_every_acknowledged_answer()
    {
        PlatformFactory site = new();
        try
        {
            var candidate = await site.CandidateAsync();
            var sitting = await candidate.StartedSittingAsync();
            var token = await AssessmentTesting.TokenAsync(candidate.Client, sitting);
            var acknowledged = new Dictionary<int, int[]> { [1] = [0], [2] = [1], [4] = [3] };
            foreach (var (position, choices) in acknowledged)
            {
                Assert.Equal(HttpStatusCode.OK, (await candidate.Client.SaveAsync(sitting, position, choices, token: token)).StatusCode);
            }

            site = await site.RestartAsync();
            site.Clock.Advance(TimeSpan.FromMinutes(5));

            var browser = await site.SignInAsync(candidate.Email);
            var resumed = await browser.StartAsync(candidate.EnrolmentId);
            Assert.Equal($"/assessment/sittings/{sitting}/1", resumed.Headers.Location?.OriginalString);
            foreach (var (position, choices) in acknowledged)
            {
                var page = await browser.GetDocumentAsync($"/assessment/sittings/{sitting}/{position}");
                var checkedValues = page.QuerySelectorAll("input[name=Choices][checked]").Select(i => i.GetAttribute("value")!).ToList();
                var checkedIndexes = new List<int>();
                foreach (var value in checkedValues)
                {
                    checkedIndexes.Add(await site.IndexOfAsync(sitting, position, value));
                }

                Assert.Equal(choices, checkedIndexes);
            }

            var review = await browser.PostFormAsync($"/assessment/sittings/{sitting}/review", new Dictionary<string, string>());
            Assert.Equal($"/assessment/sittings/{sitting}/submitted", review.Headers.Location?.OriginalString);
            var stored = await site.SittingAsync(sitting);
            Assert.Equal(SittingStatus.Submitted, stored.Status);
            Assert.Equal(["0", "1", null, "3", null], (await site.RowsAsync(sitting)).Select(r => r.Answer));
        }
        finally
        {
            await site.DisposeAsync();
        }
    }
}
