using System.Runtime.CompilerServices;
using Accreditation.Research.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Accreditation.Research.Search;

/// <summary>
/// Counts, for every document the search matches, its type, topics, year, evidence level, access and KSS statements
/// (a small replacement for Lucene's facet module, which is not available here). Each segment's doc values are read
/// once into plain arrays (segments never change), so counting a match is a few array reads. It sees only the
/// documents the query matched, so anything the query filters out (including what the person may not see) is never
/// counted.
/// </summary>
public sealed class FacetCounter : ICollector
{
    private static readonly string[] SingleValued = [IndexFields.Type, IndexFields.Evidence, IndexFields.Access];
    private static readonly string[] MultiValued = [IndexFields.Topic, IndexFields.Kss];
    private static readonly ConditionalWeakTable<object, SegmentValues> Segments = new();

    private readonly Dictionary<string, Dictionary<string, int>> counts = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> years = [];
    private readonly int[][] singleCounts = new int[SingleValued.Length][];
    private readonly int[][] multiCounts = new int[MultiValued.Length][];
    private SegmentValues? segment;
    private int[] yearCounts = [];

    /// <summary>Counts per facet field name: value to number of matching items (call after the search).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts
    {
        get
        {
            Flush();
            return counts.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, int>)c.Value, StringComparer.Ordinal);
        }
    }

    /// <summary>Matching items per year (items without a year are left out).</summary>
    public IReadOnlyDictionary<int, int> Years
    {
        get
        {
            Flush();
            return years;
        }
    }

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
        segment = Segments.GetValue(context.AtomicReader.CoreCacheKey, _ => SegmentValues.Read(context.AtomicReader));
        for (var i = 0; i < SingleValued.Length; i++)
        {
            singleCounts[i] = new int[segment.SingleValues[i].Length];
        }

        for (var i = 0; i < MultiValued.Length; i++)
        {
            multiCounts[i] = new int[segment.MultiValues[i].Length];
        }

        yearCounts = new int[segment.YearSpan];
    }

    /// <inheritdoc />
    public void Collect(int doc)
    {
        var s = segment!;
        for (var i = 0; i < singleCounts.Length; i++)
        {
            var ord = s.SingleOrds[i][doc];
            if (ord >= 0)
            {
                singleCounts[i][ord]++;
            }
        }

        for (var i = 0; i < multiCounts.Length; i++)
        {
            var starts = s.MultiStarts[i];
            var ords = s.MultiOrds[i];
            var counts = multiCounts[i];
            for (var j = starts[doc]; j < starts[doc + 1]; j++)
            {
                counts[ords[j]]++;
            }
        }

        var year = s.Years[doc];
        if (year > 0)
        {
            yearCounts[year - s.MinYear]++;
        }
    }

    private void Flush()
    {
        var s = segment;
        if (s is null)
        {
            return;
        }

        for (var i = 0; i < SingleValued.Length; i++)
        {
            Add(SingleValued[i], singleCounts[i], s.SingleValues[i]);
        }

        for (var i = 0; i < MultiValued.Length; i++)
        {
            Add(MultiValued[i], multiCounts[i], s.MultiValues[i]);
        }

        for (var y = 0; y < yearCounts.Length; y++)
        {
            if (yearCounts[y] > 0)
            {
                var year = y + s.MinYear;
                years[year] = years.TryGetValue(year, out var n) ? n + yearCounts[y] : yearCounts[y];
            }
        }

        segment = null;
    }

    private void Add(string field, int[] segmentCounts, string[] values)
    {
        if (!counts.TryGetValue(field, out var fieldCounts))
        {
            counts[field] = fieldCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        for (var ord = 0; ord < segmentCounts.Length; ord++)
        {
            if (segmentCounts[ord] > 0)
            {
                var value = values[ord];
                fieldCounts[value] = fieldCounts.TryGetValue(value, out var n) ? n + segmentCounts[ord] : segmentCounts[ord];
            }
        }
    }

    // One segment's facet values as arrays: per document the ordinal of each single-valued field, the ordinals of
    // each multi-valued field (start offsets into one array) and the year.
    private sealed class SegmentValues
    {
        public required int[][] SingleOrds { get; init; }

        public required string[][] SingleValues { get; init; }

        public required int[][] MultiStarts { get; init; }

        public required int[][] MultiOrds { get; init; }

        public required string[][] MultiValues { get; init; }

        public required int[] Years { get; init; }

        public required int MinYear { get; init; }

        public required int YearSpan { get; init; }

        public static SegmentValues Read(AtomicReader reader)
        {
            var maxDoc = reader.MaxDoc;
            var scratch = new BytesRef();
            var singleOrds = new int[SingleValued.Length][];
            var singleValues = new string[SingleValued.Length][];
            for (var i = 0; i < SingleValued.Length; i++)
            {
                var values = reader.GetSortedDocValues(SingleValued[i]);
                var ords = new int[maxDoc];
                Array.Fill(ords, -1);
                var names = Array.Empty<string>();
                if (values is not null)
                {
                    names = new string[values.ValueCount];
                    for (var ord = 0; ord < names.Length; ord++)
                    {
                        values.LookupOrd(ord, scratch);
                        names[ord] = scratch.Utf8ToString();
                    }

                    for (var doc = 0; doc < maxDoc; doc++)
                    {
                        ords[doc] = values.GetOrd(doc);
                    }
                }

                singleOrds[i] = ords;
                singleValues[i] = names;
            }

            var multiStarts = new int[MultiValued.Length][];
            var multiOrds = new int[MultiValued.Length][];
            var multiValues = new string[MultiValued.Length][];
            for (var i = 0; i < MultiValued.Length; i++)
            {
                var values = reader.GetSortedSetDocValues(MultiValued[i]);
                var starts = new int[maxDoc + 1];
                var ords = new List<int>();
                var names = Array.Empty<string>();
                if (values is not null)
                {
                    names = new string[checked((int)values.ValueCount)];
                    for (var ord = 0; ord < names.Length; ord++)
                    {
                        values.LookupOrd(ord, scratch);
                        names[ord] = scratch.Utf8ToString();
                    }

                    for (var doc = 0; doc < maxDoc; doc++)
                    {
                        starts[doc] = ords.Count;
                        values.SetDocument(doc);
                        long ord;
                        while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                        {
                            ords.Add((int)ord);
                        }
                    }
                }

                starts[maxDoc] = ords.Count;
                multiStarts[i] = starts;
                multiOrds[i] = [.. ords];
                multiValues[i] = names;
            }

            var yearValues = reader.GetNumericDocValues(IndexFields.Year);
            var years = new int[maxDoc];
            var min = int.MaxValue;
            var max = 0;
            for (var doc = 0; doc < maxDoc && yearValues is not null; doc++)
            {
                years[doc] = (int)yearValues.Get(doc);
                if (years[doc] > 0)
                {
                    min = Math.Min(min, years[doc]);
                    max = Math.Max(max, years[doc]);
                }
            }

            return new SegmentValues
            {
                SingleOrds = singleOrds,
                SingleValues = singleValues,
                MultiStarts = multiStarts,
                MultiOrds = multiOrds,
                MultiValues = multiValues,
                Years = years,
                MinYear = max == 0 ? 0 : min,
                YearSpan = max == 0 ? 0 : max - min + 1,
            };
        }
    }
}
