namespace Accreditation.Marking.Reports;

/// <summary>
/// Each node's copy of the moderation report's aggregates, kept while the submitted markings are unchanged. A submitted
/// marking is final (it is never reopened, reallocated or regraded), so the set changes only when a marking is submitted
/// (the newest submission time moves on) or removed by erasure or retention (the count falls); the stamp of both is read
/// by every request, so a change made through any node shows at once. Kept at most <see cref="Lifetime"/> whatever the
/// stamp, so a change made beside the site (in the database by hand) shows within that time.
/// </summary>
public sealed class ModerationReportCache(TimeProvider clock)
{
    /// <summary>How long aggregates are kept at most.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private Entry? entry;

    /// <summary>What the aggregates were worked out from: how many markings were submitted, and the newest submission.</summary>
    public readonly record struct Stamp(int Submitted, DateTimeOffset? Newest);

    /// <summary>One cell of a pair of markers' table: how often the first gave one level and the second another.</summary>
    public sealed record Cell(string First, string Second, int FirstLevel, int SecondLevel, int Count);

    /// <summary>The database's aggregates of the submitted markings.</summary>
    /// <param name="Markings">Markings per assessor.</param>
    /// <param name="Days">Per assessor, how many markings were timed and their days in total.</param>
    /// <param name="LevelCounts">Grades per assessor and level.</param>
    /// <param name="Snapshots">Double-marked snapshots per (first marker, second marker).</param>
    /// <param name="Cells">Their grades of the same statements.</param>
    public sealed record Totals(
        IReadOnlyDictionary<string, int> Markings,
        IReadOnlyDictionary<string, (int Timed, double Days)> Days,
        IReadOnlyDictionary<(string AssessorId, int Level), int> LevelCounts,
        IReadOnlyList<(string First, string Second, int Count)> Snapshots,
        IReadOnlyList<Cell> Cells);

    private sealed record Entry(Stamp Stamp, Totals Totals, DateTimeOffset At);

    private int kept;

    /// <summary>How many times aggregates were kept (worked out anew), for tests.</summary>
    public int Kept => Volatile.Read(ref kept);

    /// <summary>The aggregates worked out at this stamp, or null.</summary>
    public Totals? Get(Stamp stamp)
    {
        var now = clock.GetUtcNow();
        return Volatile.Read(ref entry) is { } held && held.Stamp == stamp && now >= held.At && now - held.At < Lifetime ? held.Totals : null;
    }

    /// <summary>Keeps the aggregates worked out at this stamp, and gives them back.</summary>
    public Totals Keep(Stamp stamp, Totals totals)
    {
        Volatile.Write(ref entry, new Entry(stamp, totals, clock.GetUtcNow()));
        Interlocked.Increment(ref kept);
        return totals;
    }
}
