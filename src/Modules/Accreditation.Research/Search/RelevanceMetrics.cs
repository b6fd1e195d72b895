namespace Accreditation.Research.Search;

/// <summary>
/// Ranking quality measures over graded judgements (query → document → grade): nDCG@k with gains 2^grade − 1 and a
/// log2 discount, average precision cut at k (relevant = grade &gt; 0, divided by min(relevant, k)), recall at k.
/// </summary>
public static class RelevanceMetrics
{
    /// <summary>Normalised discounted cumulative gain of the first k results.</summary>
    public static double NdcgAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades, int k)
    {
        double Dcg(IEnumerable<int> gains) => gains.Take(k).Select((g, i) => (Math.Pow(2, g) - 1) / Math.Log2(i + 2)).Sum();
        var ideal = Dcg(grades.Values.Where(g => g > 0).OrderDescending());
        return ideal == 0 ? 0 : Dcg(ranked.Select(id => grades.TryGetValue(id, out var g) ? g : 0)) / ideal;
    }

    /// <summary>Average precision of the first k results.</summary>
    public static double AveragePrecisionAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades, int k)
    {
        var relevant = grades.Count(g => g.Value > 0);
        if (relevant == 0)
        {
            return 0;
        }

        double sum = 0;
        var found = 0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (grades.TryGetValue(ranked[i], out var g) && g > 0)
            {
                found++;
                sum += found / (double)(i + 1);
            }
        }

        return sum / Math.Min(relevant, k);
    }

    /// <summary>Share of the relevant documents found in the first k results.</summary>
    public static double RecallAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades, int k)
    {
        var relevant = grades.Where(g => g.Value > 0).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return relevant.Count == 0 ? 0 : ranked.Take(k).Count(relevant.Contains) / (double)relevant.Count;
    }
}
