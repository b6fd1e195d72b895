using Accreditation.Core.Text;
using System.Globalization;
using System.Text;
using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Accreditation.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Statistics;

/// <summary>Reads the responses of submitted sittings and computes each item version's statistics.</summary>
public sealed class StatisticsQuery(AccreditationDbContext db)
{
    /// <summary>Statistics of every item version that has responses, plus live items without any yet.</summary>
    public async Task<IReadOnlyList<ItemStatisticsRow>> ComputeAsync(CancellationToken ct)
    {
        var raw = await (from i in db.Set<SittingItem>().AsNoTracking()
                         join s in db.Set<Sitting>() on i.SittingId equals s.Id
                         where s.Status == SittingStatus.Submitted
                         select new { i.ItemId, i.Mark, i.Answer, s.Score, i.ShownAt, i.ChangedAt }).ToListAsync(ct);
        var responses = raw.Select(r => new ItemResponse(r.ItemId, r.Mark ?? 0, r.Answer, r.Score,
            r.ShownAt is { } shown && r.ChangedAt > 0 && r.ChangedAt >= shown.ToUnixTimeMilliseconds() ? (r.ChangedAt - shown.ToUnixTimeMilliseconds()) / 1000.0 : null)).ToList();
        var ids = responses.Select(r => r.ItemId).ToHashSet();
        var items = (await db.Set<QuestionItem>().AsNoTracking().ToListAsync(ct))
            .Where(i => ids.Contains(i.Id) || i.Status == ItemStatus.Live)
            .OrderBy(i => i.Key, StringComparer.Ordinal).ThenBy(i => i.Number).ToList();
        return ItemStatistics.Compute(items, responses);
    }

    /// <summary>The statistics as CSV.</summary>
    public static string ToCsv(IReadOnlyList<ItemStatisticsRow> rows)
    {
        string[] headings = ["key", "version", "group", "status", "responses", "facility", "discrimination", "option counts", "median seconds", "flags"];
        return CsvTable.Write(rows.Select(r => new[]
        {
            r.Item.Key, r.Item.Number.ToString(CultureInfo.InvariantCulture), r.Item.Group, r.Item.Status.ToString(), r.Responses.ToString(CultureInfo.InvariantCulture),
            Format(r.Facility), Format(r.Discrimination), string.Join(';', r.OptionCounts), r.MedianSeconds?.ToString("0", CultureInfo.InvariantCulture) ?? "", string.Join("; ", r.Flags),
        }).Prepend(headings));
    }

    /// <summary>Two decimal places, or empty.</summary>
    public static string Format(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "";
}
