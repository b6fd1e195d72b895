using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Time;
using Accreditation.Cpd.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Cpd.Records;

/// <summary>
/// People's CPD by registration year, for other modules (<see cref="ICpdYears"/>) and the local authorities' API
/// (<see cref="ICpdSummarySource"/>): counts and hours only, never what anybody wrote.
/// </summary>
public sealed class CpdYears(AccreditationDbContext db, TimeProvider clock) : ICpdYears, ICpdSummarySource
{
    private static readonly DateOnly Earliest = new(2000, 1, 1);
    private static readonly DateOnly Latest = new(9000, 1, 1);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CpdYearStatus>> YearsOfAsync(string personId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        // Registration years exist from this service's time on; clamping keeps odd ranges (DateOnly.MinValue) harmless.
        from = from < Earliest ? Earliest : from;
        to = to > Latest ? Latest : to;
        if (to < from)
        {
            return [];
        }

        var years = RegistrationYear.Between(from, to).ToList();
        var first = years[0].Starts;
        var last = years[^1].Ends;
        var records = await db.Set<CpdRecord>().AsNoTracking()
            .Where(r => r.OwnerId == personId && !r.IsDraft && r.Date >= first && r.Date <= last)
            // Only the columns the counts need.
            .Select(r => new CpdRecord { OwnerId = r.OwnerId, Date = r.Date, PeerName = r.PeerName, PeerLearning = r.PeerLearning })
            .ToListAsync(ct);
        return years.Select(year =>
        {
            var inYear = records.Where(r => year.Contains(r.Date)).ToList();
            var peer = inYear.Count(r => r.HasPeerReflection);
            return new CpdYearStatus(year.Label, year.Starts, year.Ends, inYear.Count, peer, CpdRequirement.Check(inYear.Count, peer).Met);
        }).ToList();
    }

    /// <summary>Each person's status for one year (people with no records included, with zeros).</summary>
    public async Task<IReadOnlyDictionary<string, CpdYearStatus>> YearOfEachAsync(IReadOnlyCollection<string> personIds, RegistrationYear year, CancellationToken ct)
    {
        var ids = personIds.Distinct().ToList();
        // Counted by the database: one row a person, however many records they keep.
        var counts = (await db.Set<CpdRecord>().AsNoTracking()
            .Where(r => ids.Contains(r.OwnerId) && !r.IsDraft && r.Date >= year.Starts && r.Date <= year.Ends)
            .GroupBy(r => r.OwnerId)
            .Select(g => new { g.Key, Records = g.Count(), Peer = g.AsQueryable().Count(CpdRecord.PeerReflection) })
            .ToListAsync(ct)).ToDictionary(c => c.Key);
        return ids.ToDictionary(id => id, id =>
        {
            var (records, peer) = counts.TryGetValue(id, out var c) ? (c.Records, c.Peer) : (0, 0);
            return new CpdYearStatus(year.Label, year.Starts, year.Ends, records, peer, CpdRequirement.Check(records, peer).Met);
        });
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, CpdSummary>> SummaryOfAsync(IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        var year = RegistrationYear.Of(UkCalendar.Today(clock));
        var ids = userIds.ToList();
        // Summed by the database: one row a person, however many records they keep.
        var totals = await db.Set<CpdRecord>().AsNoTracking()
            .Where(r => ids.Contains(r.OwnerId) && !r.IsDraft && r.Date >= year.Starts && r.Date <= year.Ends)
            .GroupBy(r => r.OwnerId)
            .Select(g => new { g.Key, Records = g.Count(), Minutes = g.Sum(r => r.Minutes), Latest = g.Max(r => r.Date) })
            .ToListAsync(ct);
        return totals.ToDictionary(t => t.Key, t => new CpdSummary(year.Label, t.Records, Math.Round(t.Minutes / 60m, 2), t.Latest));
    }
}
