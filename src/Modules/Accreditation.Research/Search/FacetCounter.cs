using Accreditation.Research.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Accreditation.Research.Search;

/// <summary>
/// Counts, for every document the search matches, its type, topics, year, evidence level, access and KSS statements
/// from doc values (a small replacement for Lucene's facet module, which is not available here). It sees only the
/// documents the query matched, so anything the query filters out (including what the person may not see) is never
/// counted.
/// </summary>
public sealed class FacetCounter : ICollector
{
    private static readonly string[] SingleValued = [IndexFields.Type, IndexFields.Evidence, IndexFields.Access];
    private static readonly string[] MultiValued = [IndexFields.Topic, IndexFields.Kss];

    private readonly Dictionary<string, Dictionary<string, int>> counts = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> years = [];
    private readonly SortedDocValues?[] single = new SortedDocValues?[SingleValued.Length];
    private readonly int[][] singleCounts = new int[SingleValued.Length][];
    private readonly SortedSetDocValues?[] multi = new SortedSetDocValues?[MultiValued.Length];
    private readonly int[][] multiCounts = new int[MultiValued.Length][];
    private NumericDocValues? yearValues;
    private bool hasSegment;

    /// <summary>Counts per facet field name: value to number of matching items (call after the search).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts
    {
        get
        {
            Flush();
            return counts.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, int>)c.Value, StringComparer.Ordinal);
        }
    }

    /// <summary>Matching items per year (0 for items without a year is left out).</summary>
    public IReadOnlyDictionary<int, int> Years => years;

    /// <inheritdoc />
    public bool AcceptsDocsOutOfOrder => true;

    /// <inheritdoc />
    public void SetScorer(Scorer scorer)
    {
    }

    /// <inheritdoc />
    public void SetNextReader(AtomicReaderContext context)
    {
        Flush();
        var reader = context.AtomicReader;
        for (var i = 0; i < SingleValued.Length; i++)
        {
            single[i] = reader.GetSortedDocValues(SingleValued[i]);
            singleCounts[i] = single[i] is { } values ? new int[values.ValueCount] : [];
        }

        for (var i = 0; i < MultiValued.Length; i++)
        {
            multi[i] = reader.GetSortedSetDocValues(MultiValued[i]);
            multiCounts[i] = multi[i] is { } values ? new int[checked((int)values.ValueCount)] : [];
        }

        yearValues = reader.GetNumericDocValues(IndexFields.Year);
        hasSegment = true;
    }

    /// <inheritdoc />
    public void Collect(int doc)
    {
        for (var i = 0; i < single.Length; i++)
        {
            if (single[i] is { } values)
            {
                var ord = values.GetOrd(doc);
                if (ord >= 0)
                {
                    singleCounts[i][ord]++;
                }
            }
        }

        for (var i = 0; i < multi.Length; i++)
        {
            if (multi[i] is { } values)
            {
                values.SetDocument(doc);
                long ord;
                while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                {
                    multiCounts[i][ord]++;
                }
            }
        }

        if (yearValues is not null)
        {
            var year = (int)yearValues.Get(doc);
            if (year > 0)
            {
                years[year] = years.TryGetValue(year, out var n) ? n + 1 : 1;
            }
        }
    }

    private void Flush()
    {
        if (!hasSegment)
        {
            return;
        }

        var scratch = new BytesRef();
        for (var i = 0; i < single.Length; i++)
        {
            if (single[i] is { } values)
            {
                Add(SingleValued[i], singleCounts[i], ord => { values.LookupOrd(ord, scratch); return scratch.Utf8ToString(); });
            }
        }

        for (var i = 0; i < multi.Length; i++)
        {
            if (multi[i] is { } values)
            {
                Add(MultiValued[i], multiCounts[i], ord => { values.LookupOrd(ord, scratch); return scratch.Utf8ToString(); });
            }
        }

        hasSegment = false;
    }

    private void Add(string field, int[] segmentCounts, Func<int, string> lookup)
    {
        if (!counts.TryGetValue(field, out var fieldCounts))
        {
            counts[field] = fieldCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        for (var ord = 0; ord < segmentCounts.Length; ord++)
        {
            if (segmentCounts[ord] > 0)
            {
                var value = lookup(ord);
                fieldCounts[value] = fieldCounts.TryGetValue(value, out var n) ? n + segmentCounts[ord] : segmentCounts[ord];
            }
        }
    }
}
