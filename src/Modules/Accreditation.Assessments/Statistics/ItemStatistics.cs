using Accreditation.Assessments.Data;
using Accreditation.Assessments.Scoring;

namespace Accreditation.Assessments.Statistics;

/// <summary>One scored response to an item: its mark, the options chosen, the candidate's total and the seconds taken.</summary>
public sealed record ItemResponse(Guid ItemId, double Mark, string? Answer, double Total, double? Seconds);

/// <summary>How an item behaved: facility, point-biserial discrimination, option choices, time taken and flags.</summary>
public sealed record ItemStatisticsRow(
    QuestionItem Item,
    int Responses,
    double? Facility,
    double? Discrimination,
    IReadOnlyList<int> OptionCounts,
    double? MedianSeconds,
    IReadOnlyList<string> Flags);

/// <summary>Classical item statistics over submitted sittings.</summary>
public static class ItemStatistics
{
    /// <summary>Fewest responses before an item is judged.</summary>
    public const int MinimumResponses = 5;

    /// <summary>
    /// Point-biserial discrimination: the Pearson correlation of the item's mark with the candidates' total scores (with
    /// 0/1 marks this is (M1 - M0) / s * sqrt(p q), s the population standard deviation of totals). Null when either
    /// does not vary.
    /// </summary>
    public static double? PointBiserial(IReadOnlyList<(double Mark, double Total)> responses)
    {
        if (responses.Count < 2)
        {
            return null;
        }

        var meanMark = responses.Average(r => r.Mark);
        var meanTotal = responses.Average(r => r.Total);
        double covariance = 0, markVariance = 0, totalVariance = 0;
        foreach (var (mark, total) in responses)
        {
            covariance += (mark - meanMark) * (total - meanTotal);
            markVariance += (mark - meanMark) * (mark - meanMark);
            totalVariance += (total - meanTotal) * (total - meanTotal);
        }

        return markVariance <= 0 || totalVariance <= 0 ? null : covariance / Math.Sqrt(markVariance * totalVariance);
    }

    /// <summary>Statistics for each item from its responses.</summary>
    public static IReadOnlyList<ItemStatisticsRow> Compute(IReadOnlyList<QuestionItem> items, IReadOnlyList<ItemResponse> responses)
    {
        var byItem = responses.ToLookup(r => r.ItemId);
        return items.Select(item =>
        {
            var rows = byItem[item.Id].ToList();
            var counts = new int[item.OptionList().Count];
            foreach (var choice in rows.SelectMany(r => ItemScoring.Parse(r.Answer)).Where(c => c >= 0 && c < counts.Length))
            {
                counts[choice]++;
            }

            double? facility = rows.Count == 0 ? null : rows.Average(r => r.Mark);
            var discrimination = PointBiserial(rows.Select(r => (r.Mark, r.Total)).ToList());
            var seconds = rows.Where(r => r.Seconds is not null).Select(r => r.Seconds!.Value).Order().ToList();
            double? median = seconds.Count == 0 ? null : seconds.Count % 2 == 1 ? seconds[seconds.Count / 2] : (seconds[(seconds.Count / 2) - 1] + seconds[seconds.Count / 2]) / 2;
            var flags = new List<string>();
            if (rows.Count >= MinimumResponses)
            {
                if (facility < 0.2)
                {
                    flags.Add("Very hard: fewer than 20% right");
                }
                else if (facility > 0.95)
                {
                    flags.Add("Very easy: more than 95% right");
                }

                if (discrimination < 0)
                {
                    flags.Add("Negative discrimination: check the key");
                }
                else if (discrimination < 0.15)
                {
                    flags.Add("Poor discrimination");
                }

                var correct = item.CorrectSet();
                if (Enumerable.Range(0, counts.Length).Any(i => !correct.Contains(i) && counts[i] == 0))
                {
                    flags.Add("A wrong option nobody chose");
                }
            }

            return new ItemStatisticsRow(item, rows.Count, facility, discrimination, counts, median, flags);
        }).ToList();
    }
}
