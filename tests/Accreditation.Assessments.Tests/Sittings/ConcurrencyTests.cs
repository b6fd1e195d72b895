using System.Net;
using System.Text.Json;
using Accreditation.Assessments.Tests.Support;
using Accreditation.Testing;

namespace Accreditation.Assessments.Tests.Sittings;

public sealed class ConcurrencyTests(AssessmentSite site) : IClassFixture<AssessmentSite>
{
    [Fact]
    public async Task A_second_browser_sees_the_same_sitting()
    {
        var candidate = await site.CandidateAsync();
        var first = await candidate.StartedSittingAsync();
        var second = await site.SignInAsync(candidate.Email);
        var response = await second.StartAsync(candidate.EnrolmentId);
        Assert.Equal($"/assessment/sittings/{first}/1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Concurrent_saves_from_two_tabs_keep_the_later_answer_and_lose_none()
    {
        var candidate = await site.CandidateAsync();
        var sitting = await candidate.StartedSittingAsync();
        var tabA = candidate.Client;
        var tabB = await site.SignInAsync(candidate.Email);
        var tokenA = await AssessmentTesting.TokenAsync(tabA, sitting);
        var tokenB = await AssessmentTesting.TokenAsync(tabB, sitting);
        site.Clock.Advance(TimeSpan.FromSeconds(30));
        var now = site.Clock.GetUtcNow().ToUnixTimeMilliseconds();

        // Tab A changed question 1 first (at now - 2 s) but its save arrives after tab B's later change (now - 1 s).
        var later = await tabB.SaveAsync(sitting, 1, [2], now - 1000, tokenB);
        var earlier = await tabA.SaveAsync(sitting, 1, [1], now - 2000, tokenA);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
        Assert.Equal("Superseded", JsonDocument.Parse(await earlier.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString());
        Assert.Equal("2", (await site.RowsAsync(sitting))[0].Answer);

        // Saves to every other question from both tabs at once: each one is kept.
        var saves = new List<Task<HttpResponseMessage>>();
        for (var round = 0; round < 4; round++)
        {
            for (var position = 2; position <= 5; position++)
            {
                var (tab, token) = position % 2 == 0 ? (tabA, tokenA) : (tabB, tokenB);
                saves.Add(tab.SaveAsync(sitting, position, [round], now - 5000 + (round * 100), token));
            }
        }

        var responses = await Task.WhenAll(saves);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(["2", "3", "3", "3", "3"], (await site.RowsAsync(sitting)).Select(r => r.Answer));
    }

    [Fact]
    public async Task Saves_need_the_antiforgery_token_and_a_valid_choice()
    {
        var candidate = await site.CandidateAsync();
        var sitting = await candidate.StartedSittingAsync();
        var forged = await candidate.Client.SaveAsync(sitting, 1, [0], token: "forged");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var mine = await AssessmentTesting.TokenAsync(candidate.Client, sitting);
        Assert.Equal(HttpStatusCode.BadRequest, (await candidate.Client.SaveAsync(sitting, 1, [7], token: mine)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await candidate.Client.SaveAsync(sitting, 99, [0], token: mine)).StatusCode);
        Assert.All(await site.RowsAsync(sitting), r => Assert.Null(r.Answer));

        // Someone else's sitting is not found, to them.
        var other = await site.CandidateAsync();
        var token = (await other.Client.GetDocumentAsync("/assessment")).AntiforgeryToken();
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.SaveAsync(sitting, 1, [0], token: token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/assessment/sittings/{sitting}/1")).StatusCode);
    }
}
