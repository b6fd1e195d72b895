using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using Accreditation.Research.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Accreditation.Research.Search;

/// <summary>
/// Counts the facet values (type, topics, year, evidence level, access, KSS statements) of the documents a search
/// matched, a small replacement for Lucene's facet module, which is not available here. A search marks its matches in a
/// bit set per segment range; the range is then counted either directly or, when the matches are more than half of
/// what the person may see there, as the totals of everything they may see (counted once per segment reader and range,
/// and cached) less the visible documents not matched, so counting never visits more than half of the visible
/// documents. Only matched documents are ever counted, so whatever the query filters out (including what the person
/// may not see) is never counted.
/// </summary>
internal sealed class FacetCounter(Filter? visibleFilter)
{
    /// <summary>The facet dimensions: single-valued fields, then multi-valued fields, then the year.</summary>
    internal static readonly string[] SingleValued = [IndexFields.Type, IndexFields.Evidence, IndexFields.Access];

    internal static readonly string[] MultiValued = [IndexFields.Topic, IndexFields.Kss];

    /// <summary>
    /// The visible totals are looked up only when the matches are more than this fraction (1/n) of the range. Below it,
    /// counting the matches directly visits at most an eighth of the range, so the totals could save little, and the
    /// first lookup for a range counts the whole range; above it, the matches may be more than half of what the person
    /// may see (public visitors see well over a quarter of the library), where subtracting is cheaper.
    /// </summary>
    internal const int TotalsLookupFraction = 8;

    // Ranges move as other segments come and go: keep the totals of this many ranges a segment, the few in use.
    private const int MaxCachedRangesPerSegment = 64;

    // The key of the visible documents and totals when nothing is filtered out (everything is visible).
    private static readonly object NoFilter = new();
    private static readonly ConditionalWeakTable<object, SegmentValues> Segments = new();
    private static readonly ConditionalWeakTable<AtomicReader, ConcurrentDictionary<object, FixedBitSet>> VisibleDocuments = new();
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
        var totals = matchedCount * TotalsLookupFraction > to - from ? RangeTotalsOf(context!, visibleFilter, from, to) : null;
        // More than half of what may be seen matched: visiting the unmatched visible documents is the shorter walk.
        if (totals is not null && matchedCount * 2 > totals.Count)
        {
            // Everything visible in the range, less what was not matched.
            counts.CopyFrom(totals.Counts);
            var visible = totals.Visible.GetBits();
            for (var w = from >> 6; w <= (to - 1) >> 6; w++)
            {
                var unmatched = visible[w] & ~marks[w];
                while (unmatched != 0)
                {
                    counts.Count(v, (w << 6) + BitOperations.TrailingZeroCount(unmatched), -1);
                    unmatched &= unmatched - 1;
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

    // The facet totals of what the audience may see in a segment range, counted once per segment reader (a reader is
    // replaced when its documents or deletions change) and range.
    private static RangeTotals RangeTotalsOf(AtomicReaderContext segment, Filter? filter, int start, int end)
    {
        var reader = segment.AtomicReader;
        var key = (object?)filter ?? NoFilter;
        var ranges = Totals.GetOrCreateValue(reader);
        if (ranges.Count > MaxCachedRangesPerSegment)
        {
            ranges.Clear();
        }

        return ranges.GetOrAdd((key, start, end), _ =>
        {
            var visible = VisibleDocuments.GetOrCreateValue(reader).GetOrAdd(key, _ => VisibleDocumentsOf(segment, filter));
            var v = ValuesOf(reader);
            var counts = new SegmentCounts(v);
            var bits = visible.GetBits();
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

            return new RangeTotals(visible, counts, count);
        });
    }

    // The documents of a segment the filter lets through (all live documents when there is no filter).
    private static FixedBitSet VisibleDocumentsOf(AtomicReaderContext segment, Filter? filter)
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

    // What may be seen in a range: the visible documents of its segment, their facet counts and how many they are.
    private sealed record RangeTotals(FixedBitSet Visible, SegmentCounts Counts, int Count);
}
