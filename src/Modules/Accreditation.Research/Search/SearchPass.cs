using System.Numerics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Accreditation.Research.Search;

/// <summary>
/// One pass of a search over some ranges of the index, collecting at once: the top hits, the filter counts of the
/// matches and, for each ticked filter, the counts of the documents that miss only that filter. Those last counts give
/// "multi-select" filters: a ticked filter's own values are counted as if it were not ticked, so people see how many
/// items ticking another value would add (Lucene's facet module calls this "drill sideways"). The ticked filters are not
/// part of the query: the pass checks them per document, so one pass replaces one search per ticked filter. A search
/// may split the index into parts (<see cref="SplitIntoParts"/>), run a pass over each and merge them.
/// </summary>
internal sealed class SearchPass : ICollector
{
    /// <summary>
    /// Below this many documents a part, a search runs in fewer passes: a pass has a fixed cost (collectors, counts,
    /// buffers) of about what scanning this many documents costs, so smaller parts cost more than they save.
    /// </summary>
    public const int MinDocumentsPerPart = 16_384;

    // More parts than this would each be a small share of any machine's cores and only add merging.
    private const int MaxParts = 64;

    private readonly ICollector top;
    private readonly FacetCounter facets;
    private readonly Filter[] filters;
    private readonly int[] dimensions;
    private readonly FixedBitSet[] tickedBits;
    private readonly SegmentCounts?[] nearMisses;
    private SegmentValues? values;

    /// <summary>
    /// Creates a pass feeding <paramref name="top"/>, counting facets within <paramref name="visible"/> (the filter of
    /// what the person may see; null: everything). <paramref name="watched"/>: documents (index-wide numbers, in
    /// order) of which the pass counts those the query matches (<see cref="WatchedMatched"/>), so a search by meaning
    /// learns which of its items the words found too without running the query again.
    /// </summary>
    public SearchPass(ICollector top, Filter? visible, IReadOnlyList<(string Field, Filter Filter)> ticked, int wanted = 0, int[]? watched = null)
    {
        this.top = top;
        this.wanted = wanted;
        this.watched = watched ?? [];
        keepsOwnTopHits = wanted > 0 && ticked.Count == 0 && top is TopScoreDocCollector;
        facets = new FacetCounter(visible);
        filters = ticked.Select(t => t.Filter).ToArray();
        dimensions = ticked.Select(t => FacetCounter.DimensionOf(t.Field)).ToArray();
        tickedBits = new FixedBitSet[filters.Length];
        nearMisses = new SegmentCounts?[filters.Length];
        CountsWithoutOwnFilter = ticked.Select(_ => new FacetCounts()).ToArray();
    }

    // The best hits by relevance when the pass keeps them itself (no ticked filters, relevance order, term at a time):
    // (score, document) in a min-heap whose first entry is the weakest, as Lucene's collector keeps them (an equal score
    // does not displace an earlier document). Keeping them here lets a whole word of match bits be counted at once and
    // only the documents that beat the weakest kept hit be looked at further.
    private readonly int wanted;
    private readonly bool keepsOwnTopHits;
    private readonly List<ScoreDoc> topHits = [];
    private int totalHits;

    private readonly int[] watched;
    private int docBase;
    private bool watchInCollect; // Lucene's scorers give no match bits: the watched documents are looked for as they come

    /// <summary>The watched documents the query matched (within the ticked filters), index-wide numbers.</summary>
    public List<int> WatchedMatched { get; } = [];

    /// <summary>The counts of the matches (that pass every ticked filter).</summary>
    public FacetCounts Counts => facets.Counts;

    /// <summary>The pass's top hits: its own pick, or its collector's.</summary>
    public TopDocs TopDocs()
    {
        if (!keepsOwnTopHits)
        {
            return ((ITopDocsCollector)top).GetTopDocs();
        }

        var sorted = topHits.OrderByDescending(d => d.Score).ThenBy(d => d.Doc).ToArray();
        return new TopDocs(totalHits, sorted, sorted.Length > 0 ? sorted[0].Score : float.NaN);
    }

    /// <summary>Per ticked filter, in order: the counts of its own field over the documents that miss only that filter.</summary>
    public FacetCounts[] CountsWithoutOwnFilter { get; }

    /// <inheritdoc />
    public bool AcceptsDocsOutOfOrder => top.AcceptsDocsOutOfOrder;

    /// <summary>
    /// The index's documents in up to <paramref name="parts"/> runs of about as many documents each, in document order,
    /// cut inside a segment where needed (on a multiple of 64, so no two runs share a word of a bit set).
    /// </summary>
    public static List<List<SegmentRange>> SplitIntoParts(IndexReader reader, int parts, int minDocumentsPerPart = MinDocumentsPerPart)
    {
        var leaves = reader.Leaves;
        var total = leaves.Sum(l => l.AtomicReader.MaxDoc);
        parts = Math.Clamp(Math.Min(parts, total / Math.Max(1, minDocumentsPerPart)), 1, MaxParts);
        var share = (total + parts - 1) / parts;
        var split = new List<List<SegmentRange>> { new() };
        var room = share;
        foreach (var leaf in leaves)
        {
            var maxDoc = leaf.AtomicReader.MaxDoc;
            var start = 0;
            while (start < maxDoc)
            {
                if (room <= 0 && split.Count < parts)
                {
                    split.Add([]);
                    room = share;
                }

                var end = maxDoc;
                if (split.Count < parts && maxDoc - start > room)
                {
                    end = Math.Min(maxDoc, (start + room + 63) & ~63);
                }

                split[^1].Add(new SegmentRange(leaf, start, end));
                room -= end - start;
                start = end;
            }
        }

        return split;
    }

    /// <summary>Evaluates the query a term at a time over the ranges, then collects each range's matches in document order.</summary>
    public void Run(TermAtATimeEvaluator evaluator, IReadOnlyList<SegmentRange> ranges)
    {
        var buffers = EvaluationBuffers.Take();
        var current = new CurrentScore();
        RangeScores? found = null;
        try
        {
            foreach (var range in ranges)
            {
                found ??= buffers.Rent(range.To - range.From);
                if (found.Capacity < range.To - range.From)
                {
                    buffers.Return(found);
                    found = buffers.Rent(range.To - range.From);
                }

                evaluator.Evaluate(range.Leaf, range.From, range.To, found, buffers);
                Begin(range);
                SetScorer(current);
                var bits = found.Bits;
                var scores = found.Scores;
                CountWatched(range, bits);
                if (keepsOwnTopHits)
                {
                    // No ticked filter to check per document: the matches are counted a word of bits at a time and
                    // only the documents that beat the weakest of the topHits so far are looked at further.
                    var words = (range.To - range.From + 63) >> 6;
                    facets.CollectWords(bits, words);
                    CollectTopHits(bits, scores, words, range.From + range.Leaf.DocBase);
                    End();
                    continue;
                }

                for (var w = 0; w < bits.Length && (w << 6) < range.To - range.From; w++)
                {
                    var word = bits[w];
                    while (word != 0)
                    {
                        var i = (w << 6) + BitOperations.TrailingZeroCount(word);
                        current.Doc = range.From + i;
                        current.Score = scores[i];
                        Collect(current.Doc);
                        word &= word - 1;
                    }
                }

                End();
            }
        }
        finally
        {
            if (found is not null)
            {
                buffers.Return(found);
            }

            EvaluationBuffers.Give(buffers);
        }
    }

    // The watched documents in the range whose match bit is set. Watched documents are ones the search may return,
    // so they already pass the access rule and the ticked filters the match bits do not include.
    private void CountWatched(SegmentRange range, ulong[] bits)
    {
        if (watched.Length == 0)
        {
            return;
        }

        var first = range.Leaf.DocBase + range.From;
        var at = Array.BinarySearch(watched, first);
        for (at = at < 0 ? ~at : at; at < watched.Length && watched[at] < range.Leaf.DocBase + range.To; at++)
        {
            var i = watched[at] - first;
            if ((bits[i >> 6] & (1UL << (i & 63))) != 0)
            {
                WatchedMatched.Add(watched[at]);
            }
        }
    }

    private void CollectTopHits(ulong[] bits, float[] scores, int words, int firstDoc)
    {
        for (var w = 0; w < words; w++)
        {
            for (var word = bits[w]; word != 0; word &= word - 1)
            {
                var i = (w << 6) + BitOperations.TrailingZeroCount(word);
                var score = scores[i];
                totalHits++;
                if (topHits.Count < wanted)
                {
                    topHits.Add(new ScoreDoc(firstDoc + i, score));
                    SiftUp(topHits.Count - 1);
                }
                else if (score > topHits[0].Score)
                {
                    topHits[0] = new ScoreDoc(firstDoc + i, score);
                    SiftDown(0);
                }
            }
        }
    }

    // The heap's order: the weakest first (lower score; of equal scores, the later document).
    private bool Weaker(int a, int b) => topHits[a].Score < topHits[b].Score || (topHits[a].Score == topHits[b].Score && topHits[a].Doc > topHits[b].Doc);

    private void SiftUp(int i)
    {
        while (i > 0 && Weaker(i, (i - 1) / 2))
        {
            (topHits[i], topHits[(i - 1) / 2]) = (topHits[(i - 1) / 2], topHits[i]);
            i = (i - 1) / 2;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var weakest = i;
            for (var child = (2 * i) + 1; child <= (2 * i) + 2; child++)
            {
                if (child < topHits.Count && Weaker(child, weakest))
                {
                    weakest = child;
                }
            }

            if (weakest == i)
            {
                return;
            }

            (topHits[i], topHits[weakest]) = (topHits[weakest], topHits[i]);
            i = weakest;
        }
    }

    /// <summary>Runs the query's weight over the ranges (Lucene's own scorers).</summary>
    public void Run(Weight weight, IReadOnlyList<SegmentRange> ranges)
    {
        watchInCollect = watched.Length > 0;
        foreach (var range in ranges)
        {
            var reader = range.Leaf.AtomicReader;
            Begin(range);
            if (range.From == 0 && range.To == reader.MaxDoc)
            {
                weight.GetBulkScorer(range.Leaf, !top.AcceptsDocsOutOfOrder, reader.LiveDocs)?.Score(this);
            }
            else if (weight.GetScorer(range.Leaf, reader.LiveDocs) is { } scorer)
            {
                SetScorer(scorer);
                for (var doc = scorer.Advance(range.From); doc < range.To; doc = scorer.NextDoc())
                {
                    Collect(doc);
                }
            }

            End();
        }
    }

    /// <inheritdoc />
    public void SetScorer(Scorer scorer) => top.SetScorer(scorer);

    /// <inheritdoc />
    public void SetNextReader(AtomicReaderContext context) =>
        throw new NotSupportedException("A search pass is run over ranges by Run.");

    /// <inheritdoc />
    public void Collect(int doc)
    {
        var failed = -1;
        for (var i = 0; i < tickedBits.Length; i++)
        {
            if (!tickedBits[i].Get(doc))
            {
                if (failed >= 0)
                {
                    return; // misses two filters: counted nowhere
                }

                failed = i;
            }
        }

        if (failed < 0)
        {
            top.Collect(doc);
            facets.Collect(doc);
            if (watchInCollect && Array.BinarySearch(watched, docBase + doc) >= 0)
            {
                WatchedMatched.Add(docBase + doc);
            }
        }
        else
        {
            nearMisses[failed]!.Count(values!, doc, dimensions[failed], 1);
        }
    }

    private void Begin(SegmentRange range)
    {
        docBase = range.Leaf.DocBase;
        top.SetNextReader(range.Leaf);
        facets.Begin(range.Leaf, range.From, range.To);
        values = FacetCounter.ValuesOf(range.Leaf.AtomicReader);
        for (var i = 0; i < filters.Length; i++)
        {
            tickedBits[i] = BitsOf(filters[i], range.Leaf);
            nearMisses[i] = new SegmentCounts(values);
        }
    }

    private void End()
    {
        facets.End();
        for (var i = 0; i < filters.Length; i++)
        {
            nearMisses[i]!.AddTo(CountsWithoutOwnFilter[i], values!);
        }
    }

    // The score of the document being collected, for the top-hits collectors.
    private sealed class CurrentScore() : Scorer(null)
    {
        public int Doc { get; set; } = -1;

        public float Score { get; set; }

        public override int DocID => Doc;

        public override int Freq => 1;

        public override float GetScore() => Score;

        public override int NextDoc() => throw new NotSupportedException();

        public override int Advance(int target) => throw new NotSupportedException();

        public override long GetCost() => 1;
    }

    private static FixedBitSet BitsOf(Filter filter, AtomicReaderContext leaf)
    {
        var set = filter.GetDocIdSet(leaf, null);
        if (set is FixedBitSet bits)
        {
            return bits;
        }

        var copy = new FixedBitSet(leaf.AtomicReader.MaxDoc);
        if (set?.GetIterator() is { } docs)
        {
            copy.Or(docs);
        }

        return copy;
    }
}
