using System.Net;
using Accreditation.Assessments.Data;
using Accreditation.Assessments.Tests.Support;
using Accreditation.Core.Contracts;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Assessments.Tests.Integrity;

public sealed class KeyAndResultTests(AssessmentSite site) : IClassFixture<AssessmentSite>
{
    [Fact]
    public async Task No_response_a_sitting_candidate_can_reach_contains_the_key_and_shuffling_keeps_the_key_right()
    {
        var candidate = await site.CandidateAsync();
        var client = candidate.Client;
        var sitting = await candidate.StartedSittingAsync();
        var bodies = new List<(string Url, string Body)>();

        async Task<string> GetAsync(string url)
        {
            var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            bodies.Add((url, body));
            return body;
        }

        var rows = await site.RowsAsync(sitting);
        foreach (var row in rows)
        {
            var url = $"/assessment/sittings/{sitting}/{row.Position}";
            var page = Accreditation.Testing.Pages.Parse(await GetAsync(url));
            var item = await site.ItemAtAsync(sitting, row.Position);
            var options = item.OptionList();
            var correct = item.CorrectSet();

            // Every option is marked up alike: value (this sitting's token for it) and label only, nothing that tells the key apart.
            var inputs = page.QuerySelectorAll("input[name=Choices]").ToList();
            Assert.Equal(options.Count, inputs.Count);
            Assert.All(inputs, i => Assert.Equal(["class", "id", "name", "type", "value"], i.Attributes.Select(a => a.Name).Order()));

            // Answer by the text shown: the value posted for the right text is scored right, whatever the shuffle did.
            var shown = AssessmentTesting.ShownOptions(page);
            var choose = shown.Where(o => correct.Select(c => options[c]).Contains(o.Text)).Select(o => o.Value).ToArray();
            var save = await client.SaveValuesAsync(sitting, row.Position, choose, token: page.AntiforgeryToken());
            bodies.Add(("save", await save.Content.ReadAsStringAsync()));
            Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        }

        Assert.Contains(rows, r => r.OptionOrder != "0,1,2,3"); // the options really were shuffled
        await GetAsync($"/assessment/sittings/{sitting}/review");
        await GetAsync($"/assessment/api/sittings/{sitting}");
        await GetAsync("/assessment");
        var submit = await client.PostFormAsync($"/assessment/sittings/{sitting}/review", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        await GetAsync($"/assessment/sittings/{sitting}/submitted");
        var held = await GetAsync("/assessment");
        Assert.Contains("Your result will be released with the programme", held);
        Assert.DoesNotContain("Result:", held);

        // Released through the marking module's contract, inside its transaction.
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Core.Data.AccreditationDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            foreach (var listener in sp.GetServices<IDecisionReleaseListener>())
            {
                await listener.DecisionsReleasedAsync([candidate.EnrolmentId]);
            }

            await transaction.CommitAsync();
        });
        var released = await GetAsync("/assessment");
        Assert.Contains("<strong>Pass</strong>", released);
        Assert.Contains("5 out of 5", released);
        Assert.Contains("General", released);
        Assert.Contains("3 of 3", released);
        Assert.Contains("2 of 2", released);
        Assert.Equal(5, (await site.SittingAsync(sitting)).Score);

        foreach (var (url, body) in bodies)
        {
            Assert.DoesNotContain(AssessmentTesting.RationaleMarker, body);
            Assert.DoesNotContain("correct", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\"mark\"", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("data-key", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Option_values_in_a_sitting_are_not_the_authored_index_and_differ_between_sittings_and_scoring_is_unchanged()
    {
        var one = await site.CandidateAsync();
        var two = await site.CandidateAsync();
        var sittingOne = await one.StartedSittingAsync();
        var sittingTwo = await two.StartedSittingAsync();
        var valuesOne = new HashSet<string>(StringComparer.Ordinal);
        var valuesTwo = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in await site.RowsAsync(sittingOne))
        {
            var page = await one.Client.GetDocumentAsync($"/assessment/sittings/{sittingOne}/{row.Position}");
            var shown = AssessmentTesting.ShownOptions(page);
            var item = await site.ItemAtAsync(sittingOne, row.Position);
            var options = item.OptionList();

            // No value is an authored position (0, 1, 2 ...), nor repeats within the question.
            Assert.All(shown, o => Assert.False(int.TryParse(o.Value, out _), $"'{o.Value}' looks like an index"));
            Assert.Equal(shown.Count, shown.Select(o => o.Value).Distinct().Count());
            valuesOne.UnionWith(shown.Select(o => o.Value));

            // Posting an authored index is refused; posting the values of the right texts scores them right, by the
            // script's JSON endpoint (odd questions) or the page's own form without the script (even ones).
            var token = page.AntiforgeryToken();
            var byIndex = await one.Client.SaveValuesAsync(sittingOne, row.Position, ["0"], token: token);
            Assert.Equal(HttpStatusCode.BadRequest, byIndex.StatusCode);
            var right = shown.Where(o => item.CorrectSet().Select(c => options[c]).Contains(o.Text)).Select(o => o.Value).ToArray();
            if (row.Position % 2 == 1)
            {
                Assert.Equal(HttpStatusCode.OK, (await one.Client.SaveValuesAsync(sittingOne, row.Position, right, token: token)).StatusCode);
            }
            else
            {
                var fields = right.Select(v => new KeyValuePair<string, string>("Choices", v)).Append(new("__RequestVerificationToken", token)).Append(new("go", "next"));
                Assert.Equal(HttpStatusCode.Redirect, (await one.Client.PostAsync($"/assessment/sittings/{sittingOne}/{row.Position}", new FormUrlEncodedContent(fields))).StatusCode);
            }

            // The answer is stored as the authored indexes: the page shows it checked again by its value.
            Assert.Equal(string.Join(',', item.CorrectSet().Order()), (await site.RowsAsync(sittingOne)).Single(r => r.Position == row.Position).Answer);
            var again = AssessmentTesting.ShownOptions(await one.Client.GetDocumentAsync($"/assessment/sittings/{sittingOne}/{row.Position}"));
            Assert.Equal(shown, again);
        }

        foreach (var row in await site.RowsAsync(sittingTwo))
        {
            valuesTwo.UnionWith(AssessmentTesting.ShownOptions(await two.Client.GetDocumentAsync($"/assessment/sittings/{sittingTwo}/{row.Position}")).Select(o => o.Value));
        }

        Assert.Empty(valuesOne.Intersect(valuesTwo));
        Assert.Equal(HttpStatusCode.Redirect, (await one.Client.PostFormAsync($"/assessment/sittings/{sittingOne}/review", new Dictionary<string, string>())).StatusCode);
        var scored = await site.SittingAsync(sittingOne);
        Assert.Equal(scored.MaxScore, scored.Score);
        Assert.True(scored.Passed);
    }

    [Fact]
    public async Task A_release_rolled_back_by_the_marking_module_keeps_the_result_held()
    {
        var candidate = await site.CandidateAsync();
        var sitting = await candidate.StartedSittingAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await candidate.Client.PostFormAsync($"/assessment/sittings/{sitting}/review", new Dictionary<string, string>())).StatusCode);
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Core.Data.AccreditationDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await sp.GetRequiredService<IDecisionReleaseListener>().DecisionsReleasedAsync([candidate.EnrolmentId]);
            await transaction.RollbackAsync();
        });
        Assert.Null((await site.SittingAsync(sitting)).ReleasedAt);
        Assert.DoesNotContain("Result:", await candidate.Client.GetStringAsync("/assessment"));
    }

    [Fact]
    public async Task A_lead_assessor_releases_a_programmes_held_results_themselves()
    {
        var candidate = await site.CandidateAsync();
        var sitting = await candidate.StartedSittingAsync();
        Assert.Equal(HttpStatusCode.OK, (await candidate.Client.SaveAsync(sitting, 1, [0])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await candidate.Client.PostFormAsync($"/assessment/sittings/{sitting}/review", new Dictionary<string, string>())).StatusCode);
        var (programme, _) = await site.PrepareAsync();
        var lead = await site.LeadAsync();
        var release = await lead.PostFormAsync("/assessment/lead", new Dictionary<string, string>(), $"/assessment/lead?handler=Release&programmeId={programme}");
        Assert.Equal(HttpStatusCode.Redirect, release.StatusCode);
        Assert.NotNull((await site.SittingAsync(sitting)).ReleasedAt);
        Assert.Contains("Result:", await candidate.Client.GetStringAsync("/assessment"));

        // Candidates cannot release, nor reach the bank.
        foreach (var url in new[] { "/assessment/lead", "/assessment/bank", "/assessment/bank/statistics", "/assessment/lead/adjustments" })
        {
            var refused = await candidate.Client.GetAsync(url);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("denied", StringComparison.OrdinalIgnoreCase) == true, $"{url}: {(int)refused.StatusCode} {refused.Headers.Location}");
        }
    }
}
