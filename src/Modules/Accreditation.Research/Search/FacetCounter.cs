using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using Accreditation.Research.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Accreditation.Research.Search;

/// <summary>Filter counts: per facet field, value to number of matching items; and matching items per year.</summary>
public sealed class FacetCounts
{
    /// <summary>Per facet field name: value to number of matching items.</summary>
    public Dictionary<string, Dictionary<string, int>> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Matching items per year (items without a year are left out).</summary>
    public Dictionary<int, int> Years { get; } = [];

    /// <summary>Adds another count (of other documents) to this one: every field, or only <paramref name="field"/>.</summary>
    public void Add(FacetCounts other, string? field = null)
    {
        foreach (var (name, values) in other.Values)
        {
            if (field is not null && name != field)
            {
                continue;
            }

            foreach (var (value, n) in values)
            {
                Add(name, value, n);
            }
        }

        if (field is null or IndexFields.Year)
        {
            foreach (var (year, n) in other.Years)
            {
                Years[year] = Years.TryGetValue(year, out var m) ? m + n : n;
            }
        }
    }

    internal void Add(string field, string value, int n)
    {
        if (!Values.TryGetValue(field, out var values))
        {
            Values[field] = values = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        values[value] = values.TryGetValue(value, out var m) ? m + n : n;
    }
}

/// <summary>
/// Counts the facet values (type, topics, year, evidence level, access, KSS statements) of the documents a search
/// matched, a small replacement for Lucene's facet module, which is not available here. A search marks its matches in a
/// bit set per segment range; the range is then counted either directly or, when the matches are more than half of
/// what the person may see there, as everything they may see (counted once per index reader and cached) less the
/// documents not matched, so counting never visits more than half of the visible documents. Only matched documents
/// are ever counted, so whatever the query filters out (including what the person may not see) is never counted.
/// </summary>
internal sealed class FacetCounter(Filter? universe)
{
    /// <summary>The facet dimensions: single-valued fields, then multi-valued fields, then the year.</summary>
    internal static readonly string[] SingleValued = [IndexFields.Type, IndexFields.Evidence, IndexFields.Access];

    internal static readonly string[] MultiValued = [IndexFields.Topic, IndexFields.Kss];

    private static readonly object Everyone = new();
    private static readonly ConditionalWeakTable<object, SegmentValues> Segments = new();
    private static readonly ConditionalWeakTable<AtomicReader, ConcurrentDictionary<object, FixedBitSet>> Universes = new();
    private static readonly ConditionalWeakTable<AtomicReader, ConcurrentDictionary<(object, int, int), RangeTotals>> Totals = new();

    private AtomicReaderContext? context;
    private SegmentValues? values;
    private FixedBitSet? matched;
    private int matchedCount;
    private int from;
    private int to;

    /// <summary>The counts so far (complete after the last <see cref="End"/>).</summary>
    public FacetCounts Counts { get; } = new();

    /// <summary>The dimension index of a facet field (for <see cref="SegmentCounts.Count(SegmentValues, int, int, int)"/>).</summary>
    internal static int DimensionOf(string field) => field == IndexFields.Year ? SingleValued.Length + MultiValued.Length
        : Array.IndexOf(SingleValued, field) is >= 0 and var single ? single
        : Array.IndexOf(MultiValued, field) is >= 0 and var multi ? SingleValued.Length + multi
        : throw new ArgumentOutOfRangeException(nameof(field), field, "Not a facet field.");

    /// <summary>A segment's facet values (read once per segment).</summary>
    internal static SegmentValues ValuesOf(AtomicReader reader) => Segments.GetValue(reader.CoreCacheKey, _ => SegmentValues.Read(reader));

    /// <summary>Starts counting documents <paramref name="start"/> (a multiple of 64) to <paramref name="end"/> of a segment.</summary>
    public void Begin(AtomicReaderContext segment, int start, int end)
    {
        context = segment;
        values = ValuesOf(segment.AtomicReader);
        matched = new FixedBitSet(segment.AtomicReader.MaxDoc);
        matchedCount = 0;
        from = start;
        to = end;
    }

    /// <summary>Marks a matched document (each at most once).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Collect(int doc)
    {
        matched!.Set(doc);
        matchedCount++;
    }

    /// <summary>Marks the matches of the range given as bits (bit i for the range's i-th document).</summary>
    public void CollectWords(ulong[] bits, int words)
    {
        var marks = matched!.GetBits();
        var first = from >> 6;
        for (var w = 0; w < words; w++)
        {
            marks[first + w] |= (long)bits[w];
            matchedCount += BitOperations.PopCount(bits[w]);
        }
    }

    /// <summary>Counts the range's matches into <see cref="Counts"/>.</summary>
    public void End()
    {
        var v = values!;
        var counts = new SegmentCounts(v);
        var marks = matched!.GetBits();
        // (The visible totals are only looked up when the matches are a fair part of the range.)
        var totals = matchedCount * 8 > to - from ? RangeTotalsOf(context!, universe, from, to) : null;
        if (totals is not null && matchedCount * 2 > totals.Count)
        {
            // Everything visible in the range, less what was not matched.
            counts.CopyFrom(totals.Counts);
            var visible = totals.Universe.GetBits();
            for (var w = from >> 6; w <= (to - 1) >> 6; w++)
            {
                var missing = visible[w] & ~marks[w];
                while (missing != 0)
                {
                    counts.Count(v, (w << 6) + BitOperations.TrailingZeroCount(missing), -1);
                    missing &= missing - 1;
                }
            }
        }
        else
        {
            for (var w = from >> 6; w <= (to - 1) >> 6; w++)
            {
                var word = marks[w];
                while (word != 0)
                {
                    counts.Count(v, (w << 6) + BitOperations.TrailingZeroCount(word), 1);
                    word &= word - 1;
                }
            }
        }

        counts.AddTo(Counts, v);
        context = null;
        values = null;
        matched = null;
    }

    // What the audience may see in a segment range, counted once per segment reader (a reader is replaced when its
    // documents or deletions change) and range.
    private static RangeTotals RangeTotalsOf(AtomicReaderContext segment, Filter? filter, int start, int end)
    {
        var reader = segment.AtomicReader;
        var key = (object?)filter ?? Everyone;
        var ranges = Totals.GetOrCreateValue(reader);
        if (ranges.Count > 64)
        {
            ranges.Clear(); // ranges move as other segments come and go: keep the few in use
        }

        return ranges.GetOrAdd((key, start, end), _ =>
        {
            var universe = Universes.GetOrCreateValue(reader).GetOrAdd(key, _ => UniverseOf(segment, filter));
            var v = ValuesOf(reader);
            var counts = new SegmentCounts(v);
            var bits = universe.GetBits();
            var count = 0;
            for (var w = start >> 6; w <= (end - 1) >> 6; w++)
            {
                var word = bits[w];
                count += BitOperations.PopCount((ulong)word);
                while (word != 0)
                {
                    counts.Count(v, (w << 6) + BitOperations.TrailingZeroCount(word), 1);
                    word &= word - 1;
                }
            }

            return new RangeTotals(universe, counts, count);
        });
    }

    private static FixedBitSet UniverseOf(AtomicReaderContext segment, Filter? filter)
    {
        if (filter is not null)
        {
            return FilterBits.Of(filter, segment);
        }

        var reader = segment.AtomicReader;
        var bits = new FixedBitSet(reader.MaxDoc);
        bits.Set(0, reader.MaxDoc);
        if (reader.LiveDocs is { } live)
        {
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if (!live.Get(doc))
                {
                    bits.Clear(doc);
                }
            }
        }

        return bits;
    }

    private sealed record RangeTotals(FixedBitSet Universe, SegmentCounts Counts, int Count);
}

/// <summary>Counts per facet value ordinal of one segment (added to <see cref="FacetCounts"/> by name at the end).</summary>
internal sealed class SegmentCounts
{
    private readonly int[][] single;
    private readonly int[][] multi;
    private readonly int[] years;

    public SegmentCounts(SegmentValues values)
    {
        single = values.SingleValues.Select(v => new int[v.Length]).ToArray();
        multi = values.MultiValues.Select(v => new int[v.Length]).ToArray();
        years = new int[values.YearSpan];
    }

    /// <summary>Counts (or, with a negative delta, uncounts) every facet value of a document.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(SegmentValues v, int doc, int delta)
    {
        for (var i = 0; i < single.Length; i++)
        {
            var ord = v.SingleOrds[i][doc];
            if (ord >= 0)
            {
                single[i][ord] += delta;
            }
        }

        for (var i = 0; i < multi.Length; i++)
        {
            var starts = v.MultiStarts[i];
            var ords = v.MultiOrds[i];
            var counts = multi[i];
            for (var j = starts[doc]; j < starts[doc + 1]; j++)
            {
                counts[ords[j]] += delta;
            }
        }

        var year = v.Years[doc];
        if (year > 0)
        {
            years[year - v.MinYear] += delta;
        }
    }

    /// <summary>Counts the values of one dimension of a document (see <see cref="FacetCounter.DimensionOf"/>).</summary>
    public void Count(SegmentValues v, int doc, int dimension, int delta)
    {
        if (dimension < single.Length)
        {
            var ord = v.SingleOrds[dimension][doc];
            if (ord >= 0)
            {
                single[dimension][ord] += delta;
            }
        }
        else if (dimension < single.Length + multi.Length)
        {
            var i = dimension - single.Length;
            for (var j = v.MultiStarts[i][doc]; j < v.MultiStarts[i][doc + 1]; j++)
            {
                multi[i][v.MultiOrds[i][j]] += delta;
            }
        }
        else if (v.Years[doc] > 0)
        {
            years[v.Years[doc] - v.MinYear] += delta;
        }
    }

    public void CopyFrom(SegmentCounts other)
    {
        for (var i = 0; i < single.Length; i++)
        {
            Array.Copy(other.single[i], single[i], single[i].Length);
        }

        for (var i = 0; i < multi.Length; i++)
        {
            Array.Copy(other.multi[i], multi[i], multi[i].Length);
        }

        Array.Copy(other.years, years, years.Length);
    }

    /// <summary>Adds the non-zero counts to <paramref name="into"/> by value name.</summary>
    public void AddTo(FacetCounts into, SegmentValues v)
    {
        for (var i = 0; i < single.Length; i++)
        {
            for (var ord = 0; ord < single[i].Length; ord++)
            {
                if (single[i][ord] > 0)
                {
                    into.Add(FacetCounter.SingleValued[i], v.SingleValues[i][ord], single[i][ord]);
                }
            }
        }

        for (var i = 0; i < multi.Length; i++)
        {
            for (var ord = 0; ord < multi[i].Length; ord++)
            {
                if (multi[i][ord] > 0)
                {
                    into.Add(FacetCounter.MultiValued[i], v.MultiValues[i][ord], multi[i][ord]);
                }
            }
        }

        for (var y = 0; y < years.Length; y++)
        {
            if (years[y] > 0)
            {
                var year = y + v.MinYear;
                into.Years[year] = into.Years.TryGetValue(year, out var n) ? n + years[y] : years[y];
            }
        }
    }
}

/// <summary>
/// One segment's facet values as arrays: per document the ordinal of each single-valued field, the ordinals of each
/// multi-valued field (start offsets into one array) and the year. Segments never change, so this is read once.
/// </summary>
internal sealed class SegmentValues
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
        var singleOrds = new int[FacetCounter.SingleValued.Length][];
        var singleValues = new string[FacetCounter.SingleValued.Length][];
        for (var i = 0; i < FacetCounter.SingleValued.Length; i++)
        {
            var values = reader.GetSortedDocValues(FacetCounter.SingleValued[i]);
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

        var multiStarts = new int[FacetCounter.MultiValued.Length][];
        var multiOrds = new int[FacetCounter.MultiValued.Length][];
        var multiValues = new string[FacetCounter.MultiValued.Length][];
        for (var i = 0; i < FacetCounter.MultiValued.Length; i++)
        {
            var values = reader.GetSortedSetDocValues(FacetCounter.MultiValued[i]);
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
