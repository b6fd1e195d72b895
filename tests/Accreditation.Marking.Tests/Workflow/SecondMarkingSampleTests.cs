using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Marking.Work;
using Microsoft.Extensions.Configuration;

namespace Accreditation.Marking.Tests.Workflow;

/// <summary>Second marking takes an exact random sample (10% by default) plus every borderline and every failing portfolio.</summary>
public sealed class SecondMarkingSampleTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    [Fact]
    public async Task Ten_percent_of_clear_passes_are_sampled_and_every_borderline_or_failing_portfolio_is_second_marked()
    {
        for (var i = 0; i < 6; i++)
        {
            await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        }

        var organisation = Guid.NewGuid();
        var clear = new List<Seeded>();
        var borderline = new List<Seeded>();
        var failing = new List<Seeded>();
        for (var i = 0; i < 20; i++)
        {
            clear.Add(await site.SubmissionAsync(organisation));
        }

        for (var i = 0; i < 3; i++)
        {
            borderline.Add(await site.SubmissionAsync(organisation));
            failing.Add(await site.SubmissionAsync(organisation));
        }

        await site.AllocateAsync();
        foreach (var s in clear)
        {
            await site.MarkWithServicesAsync(s.SubmissionId, MarkingRole.First, [3, 3, 2, 3, 3, 3]);
        }

        foreach (var s in borderline)
        {
            await site.MarkWithServicesAsync(s.SubmissionId, MarkingRole.First, [2]); // accredited, nothing above "evidenced"
        }

        foreach (var s in failing)
        {
            await site.MarkWithServicesAsync(s.SubmissionId, MarkingRole.First, [3, 3, 1, 3, 3, 3]); // one statement only partly evidenced
        }

        var clearCases = await Task.WhenAll(clear.Select(s => site.CaseOfAsync(s.SubmissionId)));
        var sampled = clearCases.Where(c => c.SecondMarkingReason == "sample").ToList();
        Assert.Equal(2, sampled.Count); // exactly 10% of 20
        Assert.All(clearCases.Except(sampled), c => Assert.Equal(CaseStatus.ReadyForRelease, c.Status));
        Assert.All(sampled, c => Assert.Equal(CaseStatus.SecondMarking, c.Status));
        foreach (var s in borderline)
        {
            Assert.Equal("borderline", (await site.CaseOfAsync(s.SubmissionId)).SecondMarkingReason);
        }

        foreach (var s in failing)
        {
            var c = await site.CaseOfAsync(s.SubmissionId);
            Assert.Equal("failing", c.SecondMarkingReason);
            var second = Assert.Single(c.Markings, m => m.Role == MarkingRole.Second);
            Assert.NotEqual(c.Markings.Single(m => m.Role == MarkingRole.First).AssessorId, second.AssessorId);
        }

        // The same seed picks the same places; over many blocks the share is exact for any percentage.
        var sample = new SecondMarkingSample(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Marking:SampleSeed"] = "42" }).Build());
        Assert.Equal(clearCases.Where(c => c.SecondMarkingReason == "sample").Select(c => c.SampleOrdinal!.Value).Order(), Enumerable.Range(0, 20).Where(n => sample.IsSampled(n, 10)));
        Assert.Equal(100, Enumerable.Range(0, 1000).Count(n => sample.IsSampled(n, 10)));
        Assert.Equal(250, Enumerable.Range(0, 1000).Count(n => sample.IsSampled(n, 25)));
        Assert.Equal(330, Enumerable.Range(0, 1000).Count(n => sample.IsSampled(n, 33)));
    }
}
