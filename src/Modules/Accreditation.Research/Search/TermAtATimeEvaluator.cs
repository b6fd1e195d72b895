using System.Numerics;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace Accreditation.Research.Search;

/// <summary>
/// Evaluates a search's query "term at a time", the textbook alternative to Lucene's "document at a time" scorers.
/// Lucene's scorers walk all of a query's words in step, one document after another, paying several virtual calls and
/// a priority-queue step per posting (a posting: one document that holds a word). Here the documents are taken in
/// ranges of a segment (document numbers From to To, a few thousand to the whole segment) and each word's postings in
/// the range are read in one tight loop into an array of scores and a bit set of matches (<see cref="RangeScores"/>,
/// the "accumulators" of the textbooks); the query's structure (AND, OR, NOT, the best field of a word, the best form
/// of a glossary term, filters) is then applied to whole arrays at once. On the benchmark this costs about a quarter of
/// Lucene's scorers. Scores are Lucene's own: every word is scored by the index's similarity (BM25) with the boosts
/// Lucene would give it, and every other leaf (everything, anything not taken apart) by Lucene's own scorer; only the
/// order of adding a document's parts may differ, by the last bit of a float. Built once per search and shared by the
/// search's passes.
/// </summary>
internal sealed class TermAtATimeEvaluator
{
    private readonly Node root;

    private TermAtATimeEvaluator(Node root) => this.root = root;

    /// <summary>
    /// The evaluator of a query, or null when it cannot be evaluated this way with Lucene's scores: only BM25's scores are
    /// independent of the whole query's normalisation and have no coordination factor.
    /// </summary>
    public static TermAtATimeEvaluator? Build(IndexSearcher searcher, Query query)
    {
        if (searcher.Similarity is not BM25Similarity)
        {
            return null;
        }

        return new TermAtATimeEvaluator(Of(new Builder(searcher), searcher.Rewrite(query), 1f));
    }

    /// <summary>Evaluates the query over documents <paramref name="from"/> (a multiple of 64) to <paramref name="to"/> of a segment.</summary>
    public void Evaluate(AtomicReaderContext leaf, int from, int to, RangeScores into, EvaluationBuffers buffers)
    {
        into.Reset(from, to);
        root.Evaluate(new Range(leaf, from, to), into, buffers);
    }

    // The Lucene tree (rewritten) as plan nodes; the boosts of the enclosing queries are passed down as Lucene does
    // (each weight is normalised with the product of its ancestors' boosts).
    private static Node Of(Builder builder, Query query, float parentBoost) => query switch
    {
        BooleanQuery boolean => new BooleanNode(
            boolean.Clauses.Where(c => c.Occur == Occur.MUST).Select(c => Of(builder, c.Query, parentBoost * boolean.Boost)).ToArray(),
            boolean.Clauses.Where(c => c.Occur == Occur.SHOULD).Select(c => Of(builder, c.Query, parentBoost * boolean.Boost)).ToArray(),
            boolean.Clauses.Where(c => c.Occur == Occur.MUST_NOT).Select(c => Of(builder, c.Query, parentBoost * boolean.Boost)).ToArray(),
            boolean.MinimumNumberShouldMatch),
        DisjunctionMaxQuery max => new DisjunctionMaxNode(max.Disjuncts.Select(d => Of(builder, d, parentBoost * max.Boost)).ToArray(), max.TieBreakerMultiplier),
        FilteredQuery filtered => new FilteredNode(Of(builder, filtered.Query, parentBoost * filtered.Boost), filtered.Filter),
        TermQuery term => TermNode.Create(builder, term, parentBoost),
        MatchAllDocsQuery => new MatchAllNode(query, builder.Searcher, parentBoost),
        PhraseQuery phrase when phrase.Slop == 0 && phrase.GetTerms().Length >= 2 => PhraseNode.Create(builder, phrase, parentBoost),
        _ => new LuceneScorerNode(query, builder.Searcher, parentBoost),
    };

    // Lucene's weight for a leaf, normalised with its ancestors' boosts as Lucene would inside the whole query.
    private static Weight NormalisedWeight(Query query, IndexSearcher searcher, float parentBoost)
    {
        var weight = query.CreateWeight(searcher);
        weight.Normalize(searcher.Similarity.QueryNorm(weight.GetValueForNormalization()), parentBoost);
        return weight;
    }

    // What building a plan needs: the searcher, and where each word's postings start, found with this thread's term
    // enumerators (Lucene's TermContext.Build makes one per word and segment, most of a search's allocations).
    private sealed class Builder(IndexSearcher searcher)
    {
        public IndexSearcher Searcher => searcher;

        /// <summary>Where a term's postings start in each segment, with its statistics (as TermContext.Build gives them).</summary>
        public TermContext StatesOf(Term term)
        {
            var top = searcher.TopReaderContext;
            var states = new TermContext(top);
            foreach (var leaf in top.Leaves)
            {
                if (PostingsReaderCache.TermsOf(leaf.AtomicReader, term.Field) is { } termsEnum && termsEnum.SeekExact(term.Bytes))
                {
                    states.Register(termsEnum.GetTermState(), leaf.Ord, termsEnum.DocFreq, termsEnum.TotalTermFreq);
                }
            }

            return states;
        }
    }

    // A range of one segment's documents. Match bits are kept 64 to a ulong ("word"), bit i for the range's i-th
    // document: hence the shifts by 6 and masks of 63 throughout.
    private readonly record struct Range(AtomicReaderContext Leaf, int From, int To)
    {
        public int Length => To - From;

        public int Words => (To - From + 63) >> 6;
    }

    private abstract class Node
    {
        /// <summary>Writes the node's matches in the range (bits) and their scores (valid where a bit is set) into <paramref name="into"/>, whose bits are clear.</summary>
        public abstract void Evaluate(Range range, RangeScores into, EvaluationBuffers buffers);

        /// <summary>
        /// Adds the node's matches to a disjunction-max being built: a document seen first takes the score as its best
        /// and its sum; one seen before keeps the better score and adds to its sum (<paramref name="sums"/> is null
        /// when no sum is needed). Words and phrases write straight into it; other nodes are evaluated apart first.
        /// </summary>
        public virtual void AddToMax(Range range, ulong[] bits, float[] max, float[]? sums, EvaluationBuffers buffers)
        {
            var part = buffers.Rent(range.Length);
            try
            {
                part.Reset(range.From, range.To);
                Evaluate(range, part, buffers);
                var partBits = part.Bits;
                var partScores = part.Scores;
                var sink = new DisjunctionMaxSink(bits, max, sums);
                for (var w = 0; w < range.Words; w++)
                {
                    var word = partBits[w];
                    while (word != 0)
                    {
                        var i = (w << 6) + BitOperations.TrailingZeroCount(word);
                        sink.Put(i, partScores[i]);
                        word &= word - 1;
                    }
                }
            }
            finally
            {
                buffers.Return(part);
            }
        }
    }

    // Where a scan of postings puts each match: straight into a range's bits and scores (RangeSink), or into a
    // disjunction-max being built (DisjunctionMaxSink). Structs passed as generic arguments, so each scan loop is compiled
    // for its sink and the call is inlined.
    private interface IMatchSink
    {
        void Put(int i, float score);
    }

    private readonly struct RangeSink(ulong[] bits, float[] scores) : IMatchSink
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(int i, float score)
        {
            bits[i >> 6] |= 1UL << i;
            scores[i] = score;
        }
    }

    private readonly struct DisjunctionMaxSink(ulong[] bits, float[] max, float[]? sums) : IMatchSink
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(int i, float score)
        {
            ref var word = ref bits[i >> 6];
            var bit = 1UL << i;
            if ((word & bit) == 0)
            {
                word |= bit;
                max[i] = score;
                if (sums is not null)
                {
                    sums[i] = score;
                }
            }
            else
            {
                max[i] = Math.Max(max[i], score);
                if (sums is not null)
                {
                    sums[i] += score;
                }
            }
        }
    }

    // A word in a field: its postings with frequencies, scored by the similarity.
    private sealed class TermNode(Term term, TermContext states, Similarity similarity, Similarity.SimWeight weight) : Node
    {
        public static TermNode Create(Builder builder, TermQuery query, float parentBoost)
        {
            var searcher = builder.Searcher;
            var states = builder.StatesOf(query.Term);
            var similarity = searcher.Similarity;
            var weight = similarity.ComputeWeight(query.Boost, searcher.CollectionStatistics(query.Term.Field), searcher.TermStatistics(query.Term, states));
            weight.Normalize(similarity.QueryNorm(weight.GetValueForNormalization()), parentBoost);
            return new TermNode(query.Term, states, similarity, weight);
        }

        public override void Evaluate(Range range, RangeScores into, EvaluationBuffers buffers) => Scan(range, new RangeSink(into.Bits, into.Scores), buffers);

        public override void AddToMax(Range range, ulong[] bits, float[] max, float[]? sums, EvaluationBuffers buffers) => Scan(range, new DisjunctionMaxSink(bits, max, sums), buffers);

        private void Scan<TSink>(Range range, TSink sink, EvaluationBuffers buffers)
            where TSink : struct, IMatchSink
        {
            var reader = range.Leaf.AtomicReader;
            if (states.Get(range.Leaf.Ord) is not { } state || PostingsReaderCache.TermsOf(reader, term.Field) is not { } termsEnum)
            {
                return;
            }

            termsEnum.SeekExact(term.Bytes, state);
            var docs = termsEnum.Docs(reader.LiveDocs, PostingsReaderCache.Reusable<DocsEnum>(reader, term.Field, 0), DocsFlags.FREQS);
            PostingsReaderCache.Keep(reader, term.Field, 0, docs);
            var scorer = similarity.GetSimScorer(weight, range.Leaf);
            var from = range.From;
            var to = range.To;
            for (var doc = from == 0 ? docs.NextDoc() : docs.Advance(from); doc < to; doc = docs.NextDoc())
            {
                sink.Put(doc - from, scorer.Score(doc, docs.Freq));
            }
        }
    }

    // An exact phrase (of word pairs): the documents holding every term, then the places where they stand in order,
    // counted as Lucene's exact phrase scorer counts them and scored by the similarity as Lucene scores a phrase.
    private sealed class PhraseNode(Term[] terms, int[] offsets, TermContext[] states, Similarity similarity, Similarity.SimWeight weight) : Node
    {
        // Room for where a phrase may start in one document; it grows for a document holding the leading term more often.
        private const int InitialPhraseStarts = 16;

        public static PhraseNode Create(Builder builder, PhraseQuery query, float parentBoost)
        {
            var searcher = builder.Searcher;
            var terms = query.GetTerms();
            var positions = query.GetPositions();
            var states = terms.Select(builder.StatesOf).ToArray();
            var similarity = searcher.Similarity;
            var weight = similarity.ComputeWeight(query.Boost, searcher.CollectionStatistics(terms[0].Field), terms.Select((t, i) => searcher.TermStatistics(t, states[i])).ToArray());
            weight.Normalize(similarity.QueryNorm(weight.GetValueForNormalization()), parentBoost);
            return new PhraseNode(terms, positions.Select(p => p - positions[0]).ToArray(), states, similarity, weight);
        }

        public override void Evaluate(Range range, RangeScores into, EvaluationBuffers buffers) => Scan(range, new RangeSink(into.Bits, into.Scores), buffers);

        public override void AddToMax(Range range, ulong[] bits, float[] max, float[]? sums, EvaluationBuffers buffers) => Scan(range, new DisjunctionMaxSink(bits, max, sums), buffers);

        private void Scan<TSink>(Range range, TSink sink, EvaluationBuffers buffers)
            where TSink : struct, IMatchSink
        {
            var reader = range.Leaf.AtomicReader;
            var field = terms[0].Field;
            if (PostingsReaderCache.TermsOf(reader, field) is not { } termsEnum)
            {
                return;
            }

            var postings = new DocsAndPositionsEnum[terms.Length];
            var lead = 0; // the rarest term leads; the others are advanced to its documents
            var leastFrequent = int.MaxValue;
            for (var i = 0; i < terms.Length; i++)
            {
                if (states[i].Get(range.Leaf.Ord) is not { } state)
                {
                    return;
                }

                termsEnum.SeekExact(terms[i].Bytes, state);
                if (termsEnum.DocsAndPositions(reader.LiveDocs, PostingsReaderCache.Reusable<DocsAndPositionsEnum>(reader, field, i + 1), DocsAndPositionsFlags.NONE) is not { } docs)
                {
                    return; // indexed without positions: Lucene's scorer would refuse too
                }

                PostingsReaderCache.Keep(reader, field, i + 1, docs);
                postings[i] = docs;
                if (termsEnum.DocFreq < leastFrequent)
                {
                    leastFrequent = termsEnum.DocFreq;
                    lead = i;
                }
            }

            var scorer = similarity.GetSimScorer(weight, range.Leaf);
            var starts = new int[InitialPhraseStarts];
            var doc = range.From == 0 ? postings[lead].NextDoc() : postings[lead].Advance(range.From);
            while (doc < range.To)
            {
                // Leapfrog until every term is in the same document.
                var all = true;
                for (var i = 0; i < postings.Length; i++)
                {
                    if (i == lead)
                    {
                        continue;
                    }

                    var at = postings[i].DocID < doc ? postings[i].Advance(doc) : postings[i].DocID;
                    if (at != doc)
                    {
                        doc = at == DocIdSetIterator.NO_MORE_DOCS ? at : postings[lead].Advance(at);
                        all = false;
                        break;
                    }
                }

                if (!all)
                {
                    continue;
                }

                // Where the leading term stands, shifted to the phrase's start (ascending); each other term keeps the
                // starts it stands after at its own offset (a merge of two ascending lists).
                var count = 0;
                var freq = postings[lead].Freq;
                if (starts.Length < freq)
                {
                    starts = new int[Math.Max(freq, starts.Length * 2)];
                }

                for (var k = 0; k < freq; k++)
                {
                    starts[count++] = postings[lead].NextPosition() - offsets[lead];
                }

                for (var i = 0; i < postings.Length && count > 0; i++)
                {
                    if (i == lead)
                    {
                        continue;
                    }

                    var kept = 0;
                    var read = 0;
                    for (var k = postings[i].Freq; k > 0 && read < count; k--)
                    {
                        var start = postings[i].NextPosition() - offsets[i];
                        while (read < count && starts[read] < start)
                        {
                            read++;
                        }

                        if (read < count && starts[read] == start)
                        {
                            starts[kept++] = starts[read++];
                        }
                    }

                    count = kept;
                }

                if (count > 0)
                {
                    sink.Put(doc - range.From, scorer.Score(doc, count));
                }

                doc = postings[lead].NextDoc();
            }
        }
    }

    // Anything else (every document and what the plan does not take apart): Lucene's own weight and scorer for it.
    private sealed class LuceneScorerNode : Node
    {
        private readonly Weight weight;

        public LuceneScorerNode(Query query, IndexSearcher searcher, float parentBoost) => weight = NormalisedWeight(query, searcher, parentBoost);

        public override void Evaluate(Range range, RangeScores into, EvaluationBuffers buffers)
        {
            if (weight.GetScorer(range.Leaf, range.Leaf.AtomicReader.LiveDocs) is not { } scorer)
            {
                return;
            }

            var bits = into.Bits;
            var scores = into.Scores;
            for (var doc = range.From == 0 ? scorer.NextDoc() : scorer.Advance(range.From); doc < range.To; doc = scorer.NextDoc())
            {
                var i = doc - range.From;
                bits[i >> 6] |= 1UL << i;
                scores[i] = scorer.GetScore();
            }
        }
    }

    // Every document (browsing without words): all bits of the range but deleted documents, one score (Lucene's).
    private sealed class MatchAllNode : Node
    {
        private readonly Weight weight;

        public MatchAllNode(Query query, IndexSearcher searcher, float parentBoost) => weight = NormalisedWeight(query, searcher, parentBoost);

        public override void Evaluate(Range range, RangeScores into, EvaluationBuffers buffers)
        {
            var reader = range.Leaf.AtomicReader;
            if (weight.GetScorer(range.Leaf, null) is not { } scorer || scorer.NextDoc() == DocIdSetIterator.NO_MORE_DOCS)
            {
                return;
            }

            var score = scorer.GetScore();
            var bits = into.Bits;
            var live = reader.LiveDocs;
            for (var i = 0; i < range.Length; i++)
            {
                if (live is null || live.Get(range.From + i))
                {
                    bits[i >> 6] |= 1UL << i;
                }
            }

            Array.Fill(into.Scores, score, 0, range.Length);
        }
    }

    // The best of its parts, plus the tie breaker times the others (Lucene's disjunction-max).
    private sealed class DisjunctionMaxNode(Node[] parts, float tieBreaker) : Node
    {
        public override void Evaluate(Range range, RangeScores into, EvaluationBuffers buffers)
        {
            var sums = tieBreaker == 0 ? null : buffers.RentFloats(range.Length);
            try
            {
                var bits = into.Bits;
                var max = into.Scores;
                foreach (var node in parts)
                {
                    node.AddToMax(range, bits, max, sums, buffers);
                }

                if (sums is not null)
                {
                    for (var w = 0; w < range.Words; w++)
                    {
                        for (var word = bits[w]; word != 0; word &= word - 1)
                        {
                            var i = (w << 6) + BitOperations.TrailingZeroCount(word);
                            max[i] += (sums[i] - max[i]) * tieBreaker;
                        }
                    }
                }
            }
            finally
            {
                if (sums is not null)
                {
                    buffers.ReturnFloats(sums);
                }
            }
        }
    }

    // Required parts (all must match; scores add up), optional parts (scores add up; at least one, or the minimum
    // given, must match when nothing is required) and excluded parts (must not match).
    private sealed class BooleanNode(Node[] must, Node[] should, Node[] mustNot, int minimumShould) : Node
    {
        public override void Evaluate(Range range, RangeScores into, EvaluationBuffers buffers)
        {
            if (must.Length == 0 && should.Length == 0)
            {
                return; // only exclusions: matches nothing, as in Lucene
            }

            var part = buffers.Rent(range.Length);
            // How many optional parts a document must match: at least one when nothing is required (a union gives that).
            var least = must.Length == 0 ? Math.Max(1, minimumShould) : minimumShould;
            var matchedShould = least > (must.Length == 0 ? 1 : 0) ? buffers.RentBytes(range.Length) : null;
            try
            {
                var bits = into.Bits;
                var scores = into.Scores;
                var words = range.Words;
                var first = true;
                foreach (var node in must)
                {
                    if (first)
                    {
                        node.Evaluate(range, into, buffers);
                        first = false;
                        continue;
                    }

                    part.Reset(range.From, range.To);
                    node.Evaluate(range, part, buffers);
                    var partScores = part.Scores;
                    for (var w = 0; w < words; w++)
                    {
                        bits[w] &= part.Bits[w];
                    }

                    for (var w = 0; w < words; w++)
                    {
                        for (var word = bits[w]; word != 0; word &= word - 1)
                        {
                            var i = (w << 6) + BitOperations.TrailingZeroCount(word);
                            scores[i] += partScores[i];
                        }
                    }
                }

                if (matchedShould is not null)
                {
                    Array.Clear(matchedShould, 0, range.Length);
                }

                foreach (var node in should)
                {
                    part.Reset(range.From, range.To);
                    node.Evaluate(range, part, buffers);
                    var partBits = part.Bits;
                    var partScores = part.Scores;
                    for (var w = 0; w < words; w++)
                    {
                        var word = partBits[w];
                        if (must.Length > 0)
                        {
                            word &= bits[w]; // optional parts only add to what the required ones matched
                        }

                        if (word == 0)
                        {
                            continue;
                        }

                        var had = bits[w];
                        if (must.Length == 0)
                        {
                            bits[w] = had | word;
                        }

                        while (word != 0)
                        {
                            var i = (w << 6) + BitOperations.TrailingZeroCount(word);
                            scores[i] = must.Length == 0 && (had & (1UL << i)) == 0 ? partScores[i] : scores[i] + partScores[i];
                            if (matchedShould is not null && matchedShould[i] < byte.MaxValue)
                            {
                                matchedShould[i]++;
                            }

                            word &= word - 1;
                        }
                    }
                }

                if (matchedShould is not null)
                {
                    for (var w = 0; w < words; w++)
                    {
                        var word = bits[w];
                        while (word != 0)
                        {
                            var i = (w << 6) + BitOperations.TrailingZeroCount(word);
                            if (matchedShould[i] < least)
                            {
                                bits[w] &= ~(1UL << i);
                            }

                            word &= word - 1;
                        }
                    }
                }

                foreach (var node in mustNot)
                {
                    part.Reset(range.From, range.To);
                    node.Evaluate(range, part, buffers);
                    for (var w = 0; w < words; w++)
                    {
                        bits[w] &= ~part.Bits[w];
                    }
                }

            }
            finally
            {
                buffers.Return(part);
                if (matchedShould is not null)
                {
                    buffers.ReturnBytes(matchedShould);
                }
            }
        }
    }

    // The query's matches that pass a filter (access, or a list of items).
    private sealed class FilteredNode(Node inner, Filter filter) : Node
    {
        public override void Evaluate(Range range, RangeScores into, EvaluationBuffers buffers)
        {
            inner.Evaluate(range, into, buffers);
            FilterBits.And(filter, range.Leaf, range.From, range.To, into.Bits);
        }
    }
}
