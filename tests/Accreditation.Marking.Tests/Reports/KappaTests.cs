using System.Net;
using Accreditation.Core.Security;
using Accreditation.Marking.Data;
using Accreditation.Marking.Reports;
using Accreditation.Marking.Tests.Support;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Tests.Reports;

/// <summary>Cohen's kappa against worked examples, and the moderation report with its CSV.</summary>
public sealed class KappaTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    [Fact]
    public void Kappa_matches_the_worked_example()
    {
        // Two raters, 50 items: both "yes" 20, first yes and second no 5, first no and second yes 10, both "no" 15.
        // po = 35/50 = 0.70; pe = 0.5 x 0.6 + 0.5 x 0.4 = 0.50; kappa = (0.70 - 0.50) / (1 - 0.50) = 0.40.
        var first = Enumerable.Repeat(1, 20).Concat(Enumerable.Repeat(1, 5)).Concat(Enumerable.Repeat(0, 10)).Concat(Enumerable.Repeat(0, 15)).ToList();
        var second = Enumerable.Repeat(1, 20).Concat(Enumerable.Repeat(0, 5)).Concat(Enumerable.Repeat(1, 10)).Concat(Enumerable.Repeat(0, 15)).ToList();

        Assert.Equal(0.40, ModerationReport.CohensKappa(first, second)!.Value, 10);
    }

    [Fact]
    public void Kappa_is_one_for_complete_agreement_zero_for_chance_and_negative_below_it()
    {
        Assert.Equal(1.0, ModerationReport.CohensKappa([0, 1, 2, 3], [0, 1, 2, 3])!.Value, 10);
        Assert.Equal(1.0, ModerationReport.CohensKappa([2, 2, 2], [2, 2, 2])!.Value, 10);
        // po = 2/4; pe = 0.5 x 0.5 + 0.5 x 0.5 = 0.5: agreement no better than chance.
        Assert.Equal(0.0, ModerationReport.CohensKappa([0, 0, 1, 1], [0, 1, 0, 1])!.Value, 10);
        // Three grades over 6 items: po = 3/6; pe = 3 x (2/6)(2/6) = 1/3; kappa = (1/2 - 1/3) / (2/3) = 0.25.
        Assert.Equal(0.25, ModerationReport.CohensKappa([0, 0, 1, 1, 2, 2], [0, 1, 1, 2, 2, 0])!.Value, 10);
        Assert.Equal(-1.0, ModerationReport.CohensKappa([0, 1, 0, 1], [1, 0, 1, 0])!.Value, 10);
        Assert.Null(ModerationReport.CohensKappa([], []));
    }

    [Fact]
    public async Task The_report_gives_each_assessor_pair_their_kappa_and_downloads_as_csv()
    {
        var a = await site.AssessorAsync(Guid.NewGuid(), name: "Alpha Marker", capacity: 100);
        var b = await site.AssessorAsync(Guid.NewGuid(), name: "Bravo Marker", capacity: 100);
        var organisation = Guid.NewGuid();
        var grades = new (int[] First, int[] Second)[]
        {
            ([1, 1, 1, 1, 1, 1], [1, 1, 2, 1, 1, 1]),
            ([1, 2, 2, 2, 2, 2], [2, 2, 2, 2, 2, 2]),
            ([1, 3, 3, 3, 3, 1], [1, 3, 3, 2, 3, 1]),
        };
        var expectedFirst = new List<int>();
        var expectedSecond = new List<int>();
        foreach (var (firstGrades, secondGrades) in grades)
        {
            var s = await site.SubmissionAsync(organisation);
            await site.WithScopeAsync(async sp =>
            {
                await sp.GetRequiredService<Accreditation.Marking.Allocation.MarkingAllocation>().OpenCaseAsync(s.SubmissionId, CancellationToken.None);
            });
            var caseId = (await site.CaseOfAsync(s.SubmissionId)).Id;
            await ReallocateAsync(caseId, MarkingRole.First, a.Id);
            await site.MarkWithServicesAsync(s.SubmissionId, MarkingRole.First, firstGrades); // failing: second-marked
            await ReallocateAsync(caseId, MarkingRole.Second, b.Id);
            await site.MarkWithServicesAsync(s.SubmissionId, MarkingRole.Second, secondGrades);
            expectedFirst.AddRange(firstGrades);
            expectedSecond.AddRange(secondGrades);
        }

        var lead = await site.AssessorAsync(Guid.NewGuid(), Roles.LeadAssessor);
        var client = await site.SignedInAsync(lead.Email);
        var page = await client.GetDocumentAsync("/marking/lead/report");
        var pair = page.QuerySelectorAll("#pairs tbody tr").Single(r => r.TextContent.Contains("Alpha Marker", StringComparison.Ordinal));
        var kappa = ModerationReport.CohensKappa(expectedFirst, expectedSecond)!.Value;
        Assert.Contains(kappa.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), pair.TextContent, StringComparison.Ordinal);
        Assert.Contains("83.3%", pair.TextContent, StringComparison.Ordinal); // 15 of 18 statements graded the same

        var csv = await client.GetAsync("/marking/lead/report?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Section,Assessor,Other assessor,Markings,Not yet evidenced", lines[0], StringComparison.Ordinal);
        var pairLine = Assert.Single(lines, l => l.StartsWith("Pair,Alpha Marker,Bravo Marker", StringComparison.Ordinal));
        Assert.EndsWith("," + Math.Round(kappa, 3).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), pairLine.TrimEnd('\r'), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("Assessor,Alpha Marker,,3,", StringComparison.Ordinal));
    }

    private Task ReallocateAsync(Guid caseId, MarkingRole role, string assessorId) =>
        site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>();
            if (db.Set<AssessorMarking>().Any(m => m.CaseId == caseId && m.Role == role && m.AssessorId == assessorId && m.Status != MarkingStatus.Reallocated))
            {
                return; // allocation already chose them
            }

            var (marking, reasons) = await sp.GetRequiredService<Accreditation.Marking.Allocation.MarkingAllocation>().ReallocateAsync(caseId, role, assessorId, CancellationToken.None);
            Assert.True(marking is not null, string.Join("; ", reasons));
        });
}
