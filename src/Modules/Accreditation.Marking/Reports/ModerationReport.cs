using System.Globalization;
using System.Text;
using Accreditation.Core.Text;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Marking.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Reports;

/// <summary>One assessor's figures.</summary>
/// <param name="AssessorId">User id.</param>
/// <param name="Name">Their name.</param>
/// <param name="Markings">Markings submitted (first, second and review).</param>
/// <param name="LevelCounts">How many statement grades they gave at each level, lowest first.</param>
/// <param name="AverageDaysToMark">Mean days from allocation to submission, or null.</param>
/// <param name="SharedStatements">Statements they graded on snapshots that were double-marked.</param>
/// <param name="ExactAgreementPercent">Share of those where the other marker gave the same grade, or null.</param>
public sealed record AssessorFigures(string AssessorId, string Name, int Markings, IReadOnlyList<int> LevelCounts, double? AverageDaysToMark, int SharedStatements, double? ExactAgreementPercent);

/// <summary>Agreement between two assessors who marked the same snapshots.</summary>
/// <param name="First">One assessor's name.</param>
/// <param name="Second">The other's.</param>
/// <param name="SharedSnapshots">Snapshots both marked.</param>
/// <param name="ExactAgreementPercent">Statements graded the same, in percent.</param>
/// <param name="Kappa">Cohen's kappa over their statement grades; null with too few shared snapshots.</param>
public sealed record PairAgreement(string First, string Second, int SharedSnapshots, double ExactAgreementPercent, double? Kappa);

/// <summary>The moderation report.</summary>
public sealed record ModerationFigures(IReadOnlyList<string> Levels, IReadOnlyList<AssessorFigures> Assessors, IReadOnlyList<PairAgreement> Pairs, int MinimumSharedForKappa);

/// <summary>
/// For lead assessors: per assessor the grades given, time from allocation to marking and agreement with second markers;
/// per pair of assessors with enough shared snapshots, Cohen's kappa over their statement grades.
/// </summary>
public sealed class ModerationReport(AccreditationDbContext db, IPeopleDirectory people)
{
    /// <summary>Snapshots two assessors must share before their kappa is reported.</summary>
    public const int DefaultMinimumShared = 3;

    /// <summary>Cohen's kappa for two raters' labels of the same items: (po - pe) / (1 - pe); null with no items, 1 when both agree completely on one label.</summary>
    public static double? CohensKappa(IReadOnlyList<int> first, IReadOnlyList<int> second)
    {
        if (first.Count != second.Count)
        {
            throw new ArgumentException("Both raters must label the same items.", nameof(second));
        }

        var n = first.Count;
        if (n == 0)
        {
            return null;
        }

        var observed = first.Zip(second).Count(p => p.First == p.Second) / (double)n;
        var expected = first.Concat(second).Distinct()
            .Sum(label => first.Count(l => l == label) / (double)n * (second.Count(l => l == label) / (double)n));
        return expected >= 1.0 ? (observed >= 1.0 ? 1.0 : 0.0) : (observed - expected) / (1 - expected);
    }

    /// <summary>The report now.</summary>
    public async Task<ModerationFigures> BuildAsync(IReadOnlyList<string> levels, int minimumShared = DefaultMinimumShared, CancellationToken ct = default)
    {
        var markings = await db.Set<AssessorMarking>().AsNoTracking().Include(m => m.Marks)
            .Where(m => m.Status == MarkingStatus.Submitted && m.Role != MarkingRole.Agreed).ToListAsync(ct);
        var assessorIds = markings.Select(m => m.AssessorId).Distinct().ToList();
        var names = (await people.FindManyAsync(assessorIds, ct)).ToDictionary(p => p.Key, p => p.Value.Name.Length > 0 ? p.Value.Name : p.Key);
        string Name(string id) => names.GetValueOrDefault(id, id);

        // Double-marked snapshots: the first and second markings of one case.
        var doubles = markings.Where(m => m.Role is MarkingRole.First or MarkingRole.Second).GroupBy(m => m.CaseId)
            .Select(g => (First: g.FirstOrDefault(m => m.Role == MarkingRole.First), Second: g.FirstOrDefault(m => m.Role == MarkingRole.Second)))
            .Where(p => p.First is not null && p.Second is not null).Select(p => (First: p.First!, Second: p.Second!)).ToList();

        var assessors = assessorIds.Select(id =>
        {
            var mine = markings.Where(m => m.AssessorId == id).ToList();
            var counts = Enumerable.Range(0, levels.Count).Select(l => mine.SelectMany(m => m.Marks).Count(x => x.Level == l)).ToList();
            var days = mine.Where(m => m.SubmittedAt is not null).Select(m => (m.SubmittedAt!.Value - m.AllocatedAt).TotalDays).ToList();
            var shared = doubles.Where(d => d.First.AssessorId == id || d.Second.AssessorId == id)
                .SelectMany(d => Pairs(d.First, d.Second)).ToList();
            return new AssessorFigures(id, Name(id), mine.Count, counts, days.Count == 0 ? null : Math.Round(days.Average(), 1),
                shared.Count, shared.Count == 0 ? null : Math.Round(100.0 * shared.Count(p => p.A == p.B) / shared.Count, 1));
        }).OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToList();

        var pairs = doubles.GroupBy(d => string.CompareOrdinal(d.First.AssessorId, d.Second.AssessorId) < 0 ? (d.First.AssessorId, d.Second.AssessorId) : (d.Second.AssessorId, d.First.AssessorId))
            .Select(g =>
            {
                // Orient each snapshot's grades as (the pair's first assessor, the pair's second).
                var grades = g.SelectMany(d => d.First.AssessorId == g.Key.Item1 ? Pairs(d.First, d.Second) : Pairs(d.Second, d.First)).ToList();
                var kappa = g.Count() >= minimumShared ? CohensKappa(grades.Select(p => p.A).ToList(), grades.Select(p => p.B).ToList()) : null;
                // Named in alphabetical order (kappa and agreement do not depend on which marker is which).
                var (one, two) = string.Compare(Name(g.Key.Item1), Name(g.Key.Item2), StringComparison.OrdinalIgnoreCase) <= 0
                    ? (Name(g.Key.Item1), Name(g.Key.Item2)) : (Name(g.Key.Item2), Name(g.Key.Item1));
                return new PairAgreement(one, two, g.Count(),
                    grades.Count == 0 ? 0 : Math.Round(100.0 * grades.Count(p => p.A == p.B) / grades.Count, 1), kappa is null ? null : Math.Round(kappa.Value, 3));
            }).OrderBy(p => p.First, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Second, StringComparer.OrdinalIgnoreCase).ToList();
        return new ModerationFigures(levels, assessors, pairs, minimumShared);
    }

    /// <summary>The report as CSV (one row per assessor, then one per pair).</summary>
    public static string Csv(ModerationFigures figures)
    {
        var rows = new List<IEnumerable<string>>
        {
            new[] { "Section", "Assessor", "Other assessor", "Markings" }.Concat(figures.Levels)
                .Concat(["Average days to mark", "Shared statements or snapshots", "Exact agreement %", "Cohen's kappa"]),
        };
        rows.AddRange(figures.Assessors.Select(a => new[] { "Assessor", a.Name, "", a.Markings.ToString(CultureInfo.InvariantCulture) }
            .Concat(a.LevelCounts.Select(c => c.ToString(CultureInfo.InvariantCulture)))
            .Concat([Number(a.AverageDaysToMark), a.SharedStatements.ToString(CultureInfo.InvariantCulture), Number(a.ExactAgreementPercent), ""])));
        rows.AddRange(figures.Pairs.Select(p => new[] { "Pair", p.First, p.Second, "" }
            .Concat(figures.Levels.Select(_ => ""))
            .Concat(["", p.SharedSnapshots.ToString(CultureInfo.InvariantCulture), Number(p.ExactAgreementPercent), Number(p.Kappa)])));
        return CsvTable.Write(rows);
    }

    private static IEnumerable<(int A, int B)> Pairs(AssessorMarking a, AssessorMarking b) =>
        a.Marks.Join(b.Marks, x => x.StatementNumber, y => y.StatementNumber, (x, y) => (x.Level ?? 0, y.Level ?? 0));

    private static string Number(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
}
