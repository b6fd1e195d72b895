using System.Net;
using Accreditation.Core.Security;
using Accreditation.Marking.Data;
using Accreditation.Marking.Reports;
using Accreditation.Marking.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
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

    [Fact]
    public async Task The_report_gives_the_known_figures_of_a_hand_built_set()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var c = await site.AssessorAsync(Guid.NewGuid(), name: $"Charlie Handbuilt {tag}", capacity: 100);
        var d = await site.AssessorAsync(Guid.NewGuid(), name: $"Delta Handbuilt {tag}", capacity: 100);
        var organisation = Guid.NewGuid();
        var on = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // Three double-marked portfolios (every first marking below "evidenced" somewhere, so second-marked); the third the other way round.
        // Charlie's allocations and submissions, as instants: 3.5 days, 2 days and 1 hour, 1 day and 7.5 hours (mean 2.28..., shown 2.3);
        // given with offsets where the provider keeps them, so that a report ignoring offsets would show 2.2.
        var cases = new (string First, int[] FirstGrades, string Second, int[] SecondGrades, DateTimeOffset Allocated, DateTimeOffset Submitted)[]
        {
            (c.Id, [1, 1, 2, 2, 3, 3], d.Id, [1, 2, 2, 2, 3, 0], on.AddHours(9), on.AddDays(3).AddHours(21)),
            (c.Id, [1, 0, 0, 1, 2, 2], d.Id, [1, 0, 1, 1, 2, 2], new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero)),
            (d.Id, [1, 1, 1, 1, 1, 1], c.Id, [1, 1, 1, 1, 1, 2], new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(5.5)), new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.FromHours(-2))),
        };
        foreach (var (first, firstGrades, second, secondGrades, allocated, submitted) in cases)
        {
            var s = await site.SubmissionAsync(organisation);
            await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Allocation.MarkingAllocation>().OpenCaseAsync(s.SubmissionId, CancellationToken.None));
            var caseId = (await site.CaseOfAsync(s.SubmissionId)).Id;
            await ReallocateAsync(caseId, MarkingRole.First, first);
            await site.MarkWithServicesAsync(s.SubmissionId, MarkingRole.First, firstGrades);
            await ReallocateAsync(caseId, MarkingRole.Second, second);
            await site.MarkWithServicesAsync(s.SubmissionId, MarkingRole.Second, secondGrades);
            var mine = (await site.CaseOfAsync(s.SubmissionId)).Markings.Where(m => m.Status == MarkingStatus.Submitted).ToList();
            await site.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>();
                (DateTimeOffset, DateTimeOffset) Kept((DateTimeOffset A, DateTimeOffset B) t) => db.IsPostgreSql ? (t.A.ToUniversalTime(), t.B.ToUniversalTime()) : t;
                var (charlieFrom, charlieTo) = Kept((allocated, submitted));
                var (deltaFrom, deltaTo) = Kept((on, on.AddDays(10))); // Delta always takes 10 days
                foreach (var m in mine)
                {
                    var (from, to) = m.AssessorId == c.Id ? (charlieFrom, charlieTo) : (deltaFrom, deltaTo);
                    await db.Set<AssessorMarking>().Where(x => x.Id == m.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.AllocatedAt, from).SetProperty(x => x.SubmittedAt, to));
                }
            });
        }

        var figures = await site.WithScopeAsync(sp => sp.GetRequiredService<ModerationReport>().BuildAsync(Accreditation.Marking.Rubrics.RubricCatalog.DefaultLevels));

        var charlie = Assert.Single(figures.Assessors, a => a.AssessorId == c.Id);
        Assert.Equal(3, charlie.Markings);
        Assert.Equal([2, 9, 5, 2], charlie.LevelCounts);
        Assert.Equal(2.3, charlie.AverageDaysToMark);
        Assert.Equal(18, charlie.SharedStatements); // 4 + 5 + 5 of 18 graded the same
        Assert.Equal(77.8, charlie.ExactAgreementPercent);
        var delta = Assert.Single(figures.Assessors, a => a.AssessorId == d.Id);
        Assert.Equal([2, 10, 5, 1], delta.LevelCounts);
        Assert.Equal(10.0, delta.AverageDaysToMark);
        Assert.Equal(77.8, delta.ExactAgreementPercent);
        var pair = Assert.Single(figures.Pairs, p => p.First == $"Charlie Handbuilt {tag}");
        Assert.Equal(($"Delta Handbuilt {tag}", 3, 77.8), (pair.Second, pair.SharedSnapshots, pair.ExactAgreementPercent));
        // Charlie's grades against Delta's, the third portfolio turned round: po = 14/18, pe = 0.3735, kappa = 0.645 (0.647 if not turned).
        Assert.Equal(0.645, pair.Kappa);
    }

    [Fact]
    public async Task The_report_aggregated_by_the_database_equals_the_report_worked_out_in_memory()
    {
        // Whatever the other tests of this site left: double-marked, reallocated, agreed and open markings.
        await The_report_gives_the_known_figures_of_a_hand_built_set();

        var (aggregated, inMemory) = await site.WithScopeAsync(async sp =>
        {
            var levels = Accreditation.Marking.Rubrics.RubricCatalog.DefaultLevels;
            return (await sp.GetRequiredService<ModerationReport>().BuildAsync(levels),
                await InMemoryAsync(sp.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>(), sp.GetRequiredService<Accreditation.Core.Identity.IPeopleDirectory>(), levels));
        });

        Assert.NotEmpty(aggregated.Pairs);
        Assert.Equal(ModerationReport.Csv(inMemory), ModerationReport.Csv(aggregated));
    }

    [Fact]
    public async Task The_report_is_aggregated_again_as_soon_as_a_marking_is_submitted_and_not_while_nothing_changes()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var echo = await site.AssessorAsync(Guid.NewGuid(), name: $"Echo Cached {tag}", capacity: 100);
        var cache = site.Services.GetRequiredService<ModerationReportCache>();
        Task<ModerationFigures> BuildAsync() => site.WithScopeAsync(sp => sp.GetRequiredService<ModerationReport>().BuildAsync(Accreditation.Marking.Rubrics.RubricCatalog.DefaultLevels));

        var first = await BuildAsync();
        var aggregated = cache.Kept;
        var second = await BuildAsync();
        Assert.Equal(aggregated, cache.Kept); // nothing submitted since: the aggregates are reused
        Assert.Equal(ModerationReport.Csv(first), ModerationReport.Csv(second));
        Assert.DoesNotContain(second.Assessors, a => a.AssessorId == echo.Id);

        // Names are read every time: a renamed assessor shows under the new name without aggregating again.
        await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>().Users.Where(u => u.Id == echo.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, $"Echo Renamed {tag}")));
        var s = await site.SubmissionAsync(Guid.NewGuid());
        await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Allocation.MarkingAllocation>().OpenCaseAsync(s.SubmissionId, CancellationToken.None));
        await ReallocateAsync((await site.CaseOfAsync(s.SubmissionId)).Id, MarkingRole.First, echo.Id);
        Assert.Equal(aggregated, cache.Kept);
        await site.MarkWithServicesAsync(s.SubmissionId, MarkingRole.First, [2, 2, 2, 2, 2, 2]);

        var third = await BuildAsync();
        Assert.Equal(aggregated + 1, cache.Kept);
        var mine = Assert.Single(third.Assessors, a => a.AssessorId == echo.Id);
        Assert.Equal(($"Echo Renamed {tag}", 1), (mine.Name, mine.Markings));
        Assert.Equal(6, mine.LevelCounts[2]);

        // The page shows it at once too.
        var lead = await site.AssessorAsync(Guid.NewGuid(), Roles.LeadAssessor);
        var page = await (await site.SignedInAsync(lead.Email)).GetDocumentAsync("/marking/lead/report");
        Assert.Contains($"Echo Renamed {tag}", page.Body!.TextContent, StringComparison.Ordinal);

        // A submitted marking removed (as erasure and retention remove them) is aggregated again too, and is gone.
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>();
            var removed = db.Set<AssessorMarking>().Where(m => m.AssessorId == echo.Id);
            await db.Set<StatementMark>().Where(x => removed.Any(m => m.Id == x.MarkingId)).ExecuteDeleteAsync();
            await removed.ExecuteDeleteAsync();
        });
        var fourth = await BuildAsync();
        Assert.Equal(aggregated + 2, cache.Kept);
        Assert.DoesNotContain(fourth.Assessors, a => a.AssessorId == echo.Id);
    }

    /// <summary>The report as it was worked out before the database aggregated it: every submitted marking read with its marks.</summary>
    private static async Task<ModerationFigures> InMemoryAsync(Accreditation.Core.Data.AccreditationDbContext db, Accreditation.Core.Identity.IPeopleDirectory people, IReadOnlyList<string> levels, int minimumShared = ModerationReport.DefaultMinimumShared)
    {
        var markings = await db.Set<AssessorMarking>().AsNoTracking().Include(m => m.Marks)
            .Where(m => m.Status == MarkingStatus.Submitted && m.Role != MarkingRole.Agreed).ToListAsync();
        var assessorIds = markings.Select(m => m.AssessorId).Distinct().ToList();
        var names = (await people.FindManyAsync(assessorIds)).ToDictionary(p => p.Key, p => p.Value.Name.Length > 0 ? p.Value.Name : p.Key);
        string Name(string id) => names.GetValueOrDefault(id, id);
        static IEnumerable<(int A, int B)> Pairs(AssessorMarking a, AssessorMarking b) =>
            a.Marks.Join(b.Marks, x => x.StatementNumber, y => y.StatementNumber, (x, y) => (x.Level ?? 0, y.Level ?? 0));
        var doubles = markings.Where(m => m.Role is MarkingRole.First or MarkingRole.Second).GroupBy(m => m.CaseId)
            .Select(g => (First: g.FirstOrDefault(m => m.Role == MarkingRole.First), Second: g.FirstOrDefault(m => m.Role == MarkingRole.Second)))
            .Where(p => p.First is not null && p.Second is not null).Select(p => (First: p.First!, Second: p.Second!)).ToList();
        var assessors = assessorIds.Select(id =>
        {
            var mine = markings.Where(m => m.AssessorId == id).ToList();
            var counts = Enumerable.Range(0, levels.Count).Select(l => mine.SelectMany(m => m.Marks).Count(x => x.Level == l)).ToList();
            var days = mine.Where(m => m.SubmittedAt is not null).Select(m => (m.SubmittedAt!.Value - m.AllocatedAt).TotalDays).ToList();
            var shared = doubles.Where(d => d.First.AssessorId == id || d.Second.AssessorId == id).SelectMany(d => Pairs(d.First, d.Second)).ToList();
            return new AssessorFigures(id, Name(id), mine.Count, counts, days.Count == 0 ? null : Math.Round(days.Average(), 1),
                shared.Count, shared.Count == 0 ? null : Math.Round(100.0 * shared.Count(p => p.A == p.B) / shared.Count, 1));
        }).OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.AssessorId, StringComparer.Ordinal).ToList();
        var pairs = doubles.GroupBy(d => string.CompareOrdinal(d.First.AssessorId, d.Second.AssessorId) < 0 ? (d.First.AssessorId, d.Second.AssessorId) : (d.Second.AssessorId, d.First.AssessorId))
            .Select(g =>
            {
                var grades = g.SelectMany(d => d.First.AssessorId == g.Key.Item1 ? Pairs(d.First, d.Second) : Pairs(d.Second, d.First)).ToList();
                var kappa = g.Count() >= minimumShared ? ModerationReport.CohensKappa(grades.Select(p => p.A).ToList(), grades.Select(p => p.B).ToList()) : null;
                var (one, two) = string.Compare(Name(g.Key.Item1), Name(g.Key.Item2), StringComparison.OrdinalIgnoreCase) <= 0
                    ? (Name(g.Key.Item1), Name(g.Key.Item2)) : (Name(g.Key.Item2), Name(g.Key.Item1));
                return new PairAgreement(one, two, g.Count(),
                    grades.Count == 0 ? 0 : Math.Round(100.0 * grades.Count(p => p.A == p.B) / grades.Count, 1), kappa is null ? null : Math.Round(kappa.Value, 3));
            }).OrderBy(p => p.First, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Second, StringComparer.OrdinalIgnoreCase).ToList();
        return new ModerationFigures(levels, assessors, pairs, minimumShared);
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
