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
public sealed class ModerationReport(AccreditationDbContext db, IPeopleDirectory people, ModerationReportCache cache)
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

        return CohensKappa(first.Zip(second).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count()));
    }

    /// <summary>Cohen's kappa from the two raters' table: how many items got each (first rater's, second rater's) pair of labels.</summary>
    public static double? CohensKappa(IReadOnlyDictionary<(int First, int Second), int> table)
    {
        var n = (double)table.Values.Sum();
        if (n == 0)
        {
            return null;
        }

        var observed = table.Where(c => c.Key.First == c.Key.Second).Sum(c => c.Value) / n;
        var expected = table.Keys.Select(k => k.First).Concat(table.Keys.Select(k => k.Second)).Distinct()
            .Sum(label => table.Where(c => c.Key.First == label).Sum(c => c.Value) / n * (table.Where(c => c.Key.Second == label).Sum(c => c.Value) / n));
        return expected >= 1.0 ? (observed >= 1.0 ? 1.0 : 0.0) : (observed - expected) / (1 - expected);
    }

    /// <summary>The report now.</summary>
    /// <remarks>
    /// Every figure is aggregated by the database (a national scheme has tens of thousands of markings): the rows read are
    /// one per assessor, one per assessor and level, and per pair of markers one per pair of levels they gave, whatever
    /// the number of markings. Aggregating every marking ever submitted still takes a third of a second at national size,
    /// so the aggregates are kept (see <see cref="ModerationReportCache"/>) while the submitted markings are unchanged;
    /// names are read afresh every time.
    /// </remarks>
    public async Task<ModerationFigures> BuildAsync(IReadOnlyList<string> levels, int minimumShared = DefaultMinimumShared, CancellationToken ct = default)
    {
        var submitted = db.Set<AssessorMarking>().AsNoTracking().Where(m => m.Status == MarkingStatus.Submitted && m.Role != MarkingRole.Agreed);
        var stamp = new ModerationReportCache.Stamp(await submitted.CountAsync(ct),
            await submitted.Where(m => m.SubmittedAt != null).OrderByDescending(m => m.SubmittedAt).Select(m => m.SubmittedAt).FirstOrDefaultAsync(ct));
        var totals = cache.Get(stamp) ?? cache.Keep(stamp, await AggregateAsync(submitted, ct));
        return Figures(totals, levels, minimumShared, await NamesAsync(totals.Markings.Keys, ct));
    }

    // The database's aggregates of the submitted markings.
    private async Task<ModerationReportCache.Totals> AggregateAsync(IQueryable<AssessorMarking> submitted, CancellationToken ct)
    {
        var markings = await submitted.GroupBy(m => m.AssessorId).Select(g => new { AssessorId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var days = (await (from m in submitted
                           join d in DaysToMark() on m.Id equals d.Id
                           group d by m.AssessorId into g
                           select new { AssessorId = g.Key, Timed = g.Count(), Days = g.Sum(d => d.Days) }).ToListAsync(ct))
            .ToDictionary(d => d.AssessorId, d => (d.Timed, d.Days));
        var levelCounts = (await (from m in submitted
                                  from x in m.Marks
                                  where x.Level != null
                                  group x by new { m.AssessorId, Level = x.Level!.Value } into g
                                  select new { g.Key.AssessorId, g.Key.Level, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(c => (c.AssessorId, c.Level), c => c.Count);

        // Double-marked snapshots: the first and second markings of one case, per (first marker, second marker).
        var firsts = submitted.Where(m => m.Role == MarkingRole.First);
        var seconds = submitted.Where(m => m.Role == MarkingRole.Second);
        var snapshots = await (from f in firsts
                               join s in seconds on f.CaseId equals s.CaseId
                               group f by new { First = f.AssessorId, Second = s.AssessorId } into g
                               select new { g.Key.First, g.Key.Second, Count = g.Count() }).ToListAsync(ct);

        // Their grades of the same statements, as a table per (first marker, second marker) of how often each pair of levels was given.
        var cells = await (from f in firsts
                           join s in seconds on f.CaseId equals s.CaseId
                           from x in f.Marks
                           join y in db.Set<StatementMark>() on new { MarkingId = s.Id, x.StatementNumber } equals new { y.MarkingId, y.StatementNumber }
                           group x by new { First = f.AssessorId, Second = s.AssessorId, FirstLevel = x.Level ?? 0, SecondLevel = y.Level ?? 0 } into g
                           select new { g.Key.First, g.Key.Second, g.Key.FirstLevel, g.Key.SecondLevel, Count = g.Count() }).ToListAsync(ct);

        return new ModerationReportCache.Totals(
            markings.ToDictionary(m => m.AssessorId, m => m.Count, StringComparer.Ordinal),
            days,
            levelCounts,
            snapshots.Select(s => (s.First, s.Second, s.Count)).ToList(),
            cells.Select(c => new ModerationReportCache.Cell(c.First, c.Second, c.FirstLevel, c.SecondLevel, c.Count)).ToList());
    }

    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> assessorIds, CancellationToken ct) =>
        (await people.FindManyAsync(assessorIds.ToList(), ct)).ToDictionary(p => p.Key, p => p.Value.Name.Length > 0 ? p.Value.Name : p.Key);

    // The figures from the aggregates and the assessors' names.
    private static ModerationFigures Figures(ModerationReportCache.Totals totals, IReadOnlyList<string> levels, int minimumShared, Dictionary<string, string> names)
    {
        var (markings, days, levelCounts, snapshots, cells) = (totals.Markings, totals.Days, totals.LevelCounts, totals.Snapshots, totals.Cells);
        string Name(string id) => names.GetValueOrDefault(id, id);

        var assessors = markings.Select(m =>
        {
            var id = m.Key;
            var counts = Enumerable.Range(0, levels.Count).Select(l => levelCounts.GetValueOrDefault((id, l))).ToList();
            var (timed, totalDays) = days.GetValueOrDefault(id);
            var shared = cells.Where(c => c.First == id || c.Second == id).ToList();
            var sharedCount = shared.Sum(c => c.Count);
            return new AssessorFigures(id, Name(id), m.Value, counts, timed == 0 ? null : Math.Round(totalDays / timed, 1),
                sharedCount, sharedCount == 0 ? null : Math.Round(100.0 * shared.Where(c => c.FirstLevel == c.SecondLevel).Sum(c => c.Count) / sharedCount, 1));
        }).OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.AssessorId, StringComparer.Ordinal).ToList();

        static (string, string) Unordered(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
        var sharedSnapshots = snapshots.GroupBy(s => Unordered(s.First, s.Second)).ToDictionary(g => g.Key, g => g.Sum(s => s.Count));
        var tables = cells.GroupBy(c => Unordered(c.First, c.Second)).ToDictionary(g => g.Key, g => g
            // Orient each grade as (the pair's first assessor's, the pair's second's).
            .GroupBy(c => c.First == g.Key.Item1 ? (First: c.FirstLevel, Second: c.SecondLevel) : (First: c.SecondLevel, Second: c.FirstLevel))
            .ToDictionary(o => o.Key, o => o.Sum(c => c.Count)));
        var pairs = sharedSnapshots.Select(p =>
            {
                var table = tables.GetValueOrDefault(p.Key) ?? [];
                var graded = table.Values.Sum();
                var kappa = p.Value >= minimumShared ? CohensKappa(table) : null;
                // Named in alphabetical order (kappa and agreement do not depend on which marker is which).
                var (one, two) = string.Compare(Name(p.Key.Item1), Name(p.Key.Item2), StringComparison.OrdinalIgnoreCase) <= 0
                    ? (Name(p.Key.Item1), Name(p.Key.Item2)) : (Name(p.Key.Item2), Name(p.Key.Item1));
                return new PairAgreement(one, two, p.Value,
                    graded == 0 ? 0 : Math.Round(100.0 * table.Where(c => c.Key.First == c.Key.Second).Sum(c => c.Value) / graded, 1), kappa is null ? null : Math.Round(kappa.Value, 3));
            }).OrderBy(p => p.First, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Second, StringComparer.OrdinalIgnoreCase).ToList();
        return new ModerationFigures(levels, assessors, pairs, minimumShared);
    }

    /// <summary>Per marking with a submission time, the days from its allocation to its submission.</summary>
    private IQueryable<MarkingDays> DaysToMark() => db.IsPostgreSql
        ? db.Set<AssessorMarking>().Where(m => m.SubmittedAt != null).Select(m => new MarkingDays { Id = m.Id, Days = (m.SubmittedAt!.Value - m.AllocatedAt).TotalDays })
        // SQLite keeps a DateTimeOffset as DateTimeOffsetToBinaryConverter's integer (the clock's ticks / 1000, shifted
        // left 11 bits, above the offset in minutes), which EF Core cannot subtract: the instants are taken apart here.
        : db.Database.SqlQuery<MarkingDays>($"""
            SELECT "Id", ((("SubmittedAt" >> 11) - ("AllocatedAt" >> 11)) * 1000
                - ((("SubmittedAt" << 53) >> 53) - (("AllocatedAt" << 53) >> 53)) * {TimeSpan.TicksPerMinute}) / {(double)TimeSpan.TicksPerDay} AS "Days"
            FROM "Markings" WHERE "SubmittedAt" IS NOT NULL
            """);

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

    private static string Number(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>A marking's days from allocation to submission, as the database works them out.</summary>
internal sealed class MarkingDays
{
    /// <summary>The marking.</summary>
    public Guid Id { get; init; }

    /// <summary>Days, with fractions.</summary>
    public double Days { get; init; }
}
