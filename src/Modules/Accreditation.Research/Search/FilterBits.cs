using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Accreditation.Research.Search;

/// <summary>A filter's documents as bits per segment: filters that keep their sets (access) are read once per segment reader.</summary>
internal static class FilterBits
{
    private static readonly ConditionalWeakTable<AtomicReader, ConcurrentDictionary<Filter, FixedBitSet>> Kept = new();

    /// <summary>The filter's documents in a segment (deleted documents left out).</summary>
    public static FixedBitSet Of(Filter filter, AtomicReaderContext segment)
    {
        if (filter is CachingWrapperFilter)
        {
            return Kept.GetOrCreateValue(segment.AtomicReader).GetOrAdd(filter, f => Read(f, segment));
        }

        return Read(filter, segment);
    }

    /// <summary>Clears the bits (the range's i-th document at bit i) of the documents the filter leaves out.</summary>
    public static void And(Filter filter, AtomicReaderContext segment, int from, int to, ulong[] bits)
    {
        if (filter is BooleanFilter boolean && boolean.Clauses.All(c => c.Occur == Occur.MUST))
        {
            foreach (var clause in boolean.Clauses)
            {
                And(clause.Filter, segment, from, to, bits);
            }

            return;
        }

        var set = Of(filter, segment).GetBits();
        var first = from >> 6;
        var words = (to - from + 63) >> 6;
        for (var w = 0; w < words; w++)
        {
            bits[w] &= (ulong)set[first + w];
        }
    }

    private static FixedBitSet Read(Filter filter, AtomicReaderContext segment)
    {
        var reader = segment.AtomicReader;
        var set = filter.GetDocIdSet(segment, reader.LiveDocs);
        if (set is FixedBitSet fixedBits && reader.LiveDocs is null)
        {
            return fixedBits;
        }

        var bits = new FixedBitSet(reader.MaxDoc);
        if (set?.GetIterator() is { } docs)
        {
            bits.Or(docs);
        }

        return bits;
    }
}
