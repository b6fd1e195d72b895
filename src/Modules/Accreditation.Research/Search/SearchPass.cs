using System.Numerics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Accreditation.Research.Search;

/// <summary>A range of one segment's documents a search pass visits.</summary>
internal sealed record SegmentRange(AtomicReaderContext Leaf, int From, int To);

/// <summary>
/// One pass of a search over some ranges of the index, collecting at once: the top hits, the filter counts of the
/// matches and, for each ticked filter, the counts of the documents that miss only that filter (Lucene's "drill
/// sideways": a ticked filter's own values are counted as if it were not ticked, so people can widen the search). The
/// ticked filters are not part of the query: the pass checks them per document, so one pass replaces one search per
/// ticked filter. A search runs one pass per core over equal parts of the index (<see cref="Plan"/>) and merges them.
/// </summary>
internal sealed class SearchPass : ICollector
{
    /// <summary>Below this many documents a part, a search runs in fewer passes (splitting costs more than it saves).</summary>
    public const int DefaultMinDocumentsPerPart = 16_384;

    private readonly ICollector top;
    private readonly FacetCounter facets;
    private readonly Filter[] filters;
    private readonly int[] dimensions;
    private readonly FixedBitSet[] passes;
    private readonly SegmentCounts?[] missing;
    private SegmentValues? values;

    /// <summary>Creates a pass feeding <paramref name="top"/>, counting facets within <paramref name="universe"/> (what the person may see; null: everything).</summary>
    public SearchPass(ICollector top, Filter? universe, IReadOnlyList<(string Field, Filter Filter)> ticked, int wanted = 0)
    {
        this.top = top;
        this.wanted = wanted;
        picksItself = wanted > 0 && ticked.Count == 0 && top is TopScoreDocCollector;
        facets = new FacetCounter(universe);
        filters = ticked.Select(t => t.Filter).ToArray();
        dimensions = ticked.Select(t => FacetCounter.DimensionOf(t.Field)).ToArray();
        passes = new FixedBitSet[filters.Length];
        missing = new SegmentCounts?[filters.Length];
        Sideways = ticked.Select(_ => new FacetCounts()).ToArray();
    }

    // The best hits by relevance when the pass picks them itself (no ticked filters, relevance order): (score, document)
    // in a heap whose first entry is the weakest, as Lucene's collector keeps them (an equal score does not displace
    // an earlier document).
    private readonly int wanted;
    private readonly bool picksItself;
    private readonly List<ScoreDoc> best = [];
    private int totalHits;

    /// <summary>The counts of the matches (that pass every ticked filter).</summary>
    public FacetCounts Counts => facets.Counts;

    /// <summary>The pass's top hits: its own pick, or its collector's.</summary>
    public TopDocs TopDocs()
    {
        if (!picksItself)
        {
            return ((ITopDocsCollector)top).GetTopDocs();
        }

        var sorted = best.OrderByDescending(d => d.Score).ThenBy(d => d.Doc).ToArray();
        return new TopDocs(totalHits, sorted, sorted.Length > 0 ? sorted[0].Score : float.NaN);
    }

    /// <summary>Per ticked filter, in order: the counts of its own field over the documents that miss only that filter.</summary>
    public FacetCounts[] Sideways { get; }

    /// <inheritdoc />
    public bool AcceptsDocsOutOfOrder => top.AcceptsDocsOutOfOrder;

    /// <summary>
    /// The index's documents in up to <paramref name="parts"/> runs of about as many documents each, in document order,
    /// cut inside a segment where needed (on a multiple of 64, so no two runs share a word of a bit set).
    /// </summary>
    public static List<List<SegmentRange>> Plan(IndexReader reader, int parts, int minDocumentsPerPart = DefaultMinDocumentsPerPart)
    {
        var leaves = reader.Leaves;
        var total = leaves.Sum(l => l.AtomicReader.MaxDoc);
        parts = Math.Clamp(Math.Min(parts, total / Math.Max(1, minDocumentsPerPart)), 1, 64);
        var share = (total + parts - 1) / parts;
        var plan = new List<List<SegmentRange>> { new() };
        var room = share;
        foreach (var leaf in leaves)
        {
            var maxDoc = leaf.AtomicReader.MaxDoc;
            var start = 0;
            while (start < maxDoc)
            {
                if (room <= 0 && plan.Count < parts)
                {
                    plan.Add([]);
                    room = share;
                }

                var end = maxDoc;
                if (plan.Count < parts && maxDoc - start > room)
                {
                    end = Math.Min(maxDoc, (start + room + 63) & ~63);
                }

                plan[^1].Add(new SegmentRange(leaf, start, end));
                room -= end - start;
                start = end;
            }
        }

        return plan;
    }

    /// <summary>Evaluates the query's plan over the ranges, then collects each range's matches in document order.</summary>
    public void Run(QueryPlan plan, IReadOnlyList<SegmentRange> ranges)
    {
        var scratch = PlanScratch.Take();
        var current = new CurrentScore();
        RangeScores? found = null;
        try
        {
            foreach (var range in ranges)
            {
                found ??= scratch.Rent(range.To - range.From);
                if (found.Capacity < range.To - range.From)
                {
                    scratch.Return(found);
                    found = scratch.Rent(range.To - range.From);
                }

                plan.Evaluate(range.Leaf, range.From, range.To, found, scratch);
                Begin(range);
                SetScorer(current);
                var bits = found.Bits;
                var scores = found.Scores;
                if (picksItself)
                {
                    // No ticked filter to check per document: the matches are counted a word of bits at a time and
                    // only the documents that beat the weakest of the best so far are looked at further.
                    var words = (range.To - range.From + 63) >> 6;
                    facets.CollectWords(bits, words);
                    Pick(bits, scores, words, range.From + range.Leaf.DocBase);
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
                scratch.Return(found);
            }

            PlanScratch.Give(scratch);
        }
    }

    private void Pick(ulong[] bits, float[] scores, int words, int firstDoc)
    {
        for (var w = 0; w < words; w++)
        {
            for (var word = bits[w]; word != 0; word &= word - 1)
            {
                var i = (w << 6) + BitOperations.TrailingZeroCount(word);
                var score = scores[i];
                totalHits++;
                if (best.Count < wanted)
                {
                    best.Add(new ScoreDoc(firstDoc + i, score));
                    SiftUp(best.Count - 1);
                }
                else if (score > best[0].Score)
                {
                    best[0] = new ScoreDoc(firstDoc + i, score);
                    SiftDown(0);
                }
            }
        }
    }

    // The heap's order: the weakest first (lower score; of equal scores, the later document).
    private bool Weaker(int a, int b) => best[a].Score < best[b].Score || (best[a].Score == best[b].Score && best[a].Doc > best[b].Doc);

    private void SiftUp(int i)
    {
        while (i > 0 && Weaker(i, (i - 1) / 2))
        {
            (best[i], best[(i - 1) / 2]) = (best[(i - 1) / 2], best[i]);
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
                if (child < best.Count && Weaker(child, weakest))
                {
                    weakest = child;
                }
            }

            if (weakest == i)
            {
                return;
            }

            (best[i], best[weakest]) = (best[weakest], best[i]);
            i = weakest;
        }
    }

    /// <summary>Runs the query's weight over the ranges (Lucene's own scorers).</summary>
    public void Run(Weight weight, IReadOnlyList<SegmentRange> ranges)
    {
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
        for (var i = 0; i < passes.Length; i++)
        {
            if (!passes[i].Get(doc))
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
        }
        else
        {
            missing[failed]!.Count(values!, doc, dimensions[failed], 1);
        }
    }

    private void Begin(SegmentRange range)
    {
        top.SetNextReader(range.Leaf);
        facets.Begin(range.Leaf, range.From, range.To);
        values = FacetCounter.ValuesOf(range.Leaf.AtomicReader);
        for (var i = 0; i < filters.Length; i++)
        {
            passes[i] = BitsOf(filters[i], range.Leaf);
            missing[i] = new SegmentCounts(values);
        }
    }

    private void End()
    {
        facets.End();
        for (var i = 0; i < filters.Length; i++)
        {
            missing[i]!.AddTo(Sideways[i], values!);
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
