using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Accreditation.Core.Web;
using Accreditation.Research.Indexing;
using Accreditation.Research.Semantic;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Accreditation.Research.Search;

/// <summary>
/// The search engine over one <see cref="ResearchIndex"/>: compiles the text, adds the person's access and the
/// filters to the query itself, collects the top hits and the filter counts in one pass, highlights passages and
/// suggests spellings. Used by the site (through <see cref="IResearchSearch"/>) and by the benchmarks alike.
/// </summary>
public sealed class ResearchSearcher(ResearchIndex index, Glossary glossary, SearchTuning tuning)
{
    /// <summary>Results beyond this rank are not paged to.</summary>
    public const int MaxResults = 1000;

    // The browse cache is emptied when it holds this many pages: the landing page and filter clicks repeat a few dozen
    // searches, and a crawler paging through every combination must not grow it without bound.
    private const int MaxCachedBrowsePages = 500;

    // Values a filter may tick at once: more than any filter offers (the longest, topics, has a few dozen), so only a
    // crafted address is cut short.
    private const int MaxTickedValues = 50;

    // What is embedded of a search's text: the model reads at most 256 word pieces, which a thousand characters exceed.
    private const int MaxEmbeddedCharacters = 1000;

    // What "more like this" reads of a given text: its terms are picked from the first twenty thousand characters, plenty
    // for 25 query terms, and a pasted book cannot slow the request.
    private const int MaxLikeTextCharacters = 20_000;

    // Similar items listed at most.
    private const int MaxSimilarItems = 20;

    private static readonly Dictionary<ResearchAudience, Filter> AudienceFilters = new()
    {
        [ResearchAudience.Public] = AccessFilter("Public"),
        [ResearchAudience.Staff] = AccessFilter("Public", "Staff"),
    };

    /// <summary>The index searched.</summary>
    public ResearchIndex Index => index;

    /// <summary>Whether searches without words reuse results for the same index reader (off to measure the uncached cost).</summary>
    internal bool CacheBrowsing { get; init; } = true;

    /// <summary>
    /// Into how many parts one search splits the index, searched in parallel (one pass per part, merged). 1 on the site:
    /// each search runs in one pass on its request's thread, because with several people searching at once a split
    /// search only competes with the other requests for the cores, and cost throughput without improving the slowest
    /// searches (tests/Accreditation.Benchmarks/RESULTS.md, <c>search --concurrency</c>). The benchmark sets more to
    /// measure it again; tests set more to check that merged parts give what one pass gives.
    /// </summary>
    internal int Parallelism { get; init; } = 1;

    /// <summary>Whether queries are evaluated a term at a time (<see cref="TermAtATimeEvaluator"/>) rather than by Lucene's scorers (off to compare them).</summary>
    internal bool TermAtATime { get; init; } = true;

    /// <summary>The fewest documents worth a pass of their own (lower in tests, to split small indexes).</summary>
    internal int MinDocumentsPerPart { get; init; } = SearchPass.MinDocumentsPerPart;

    /// <summary>The items' sentence embeddings (search by meaning is on when this and <see cref="Embedder"/> are set).</summary>
    public VectorStore? Vectors { get; init; }

    /// <summary>The model that embeds what people type.</summary>
    public ITextEmbedder? Embedder { get; init; }

    /// <summary>How word and meaning rankings are fused.</summary>
    public FusionSettings Fusion { get; init; } = FusionSettings.Default;

    /// <summary>Whether searches of free text are ranked by words and meaning together.</summary>
    public bool Hybrid => Vectors is { Count: > 0 } && Embedder is not null;

    /// <summary>Searches as the audience may see the library.</summary>
    public ResearchSearchResults Search(ResearchSearchRequest request, ResearchAudience audience, bool suggest = true)
    {
        var pageSize = Math.Clamp(request.PageSize, 1, 100);
        var page = Math.Clamp(request.Page, 1, MaxResults / pageSize);
        var compiled = Compiler().Compile(request.Text);
        var sort = request.Sort == ResearchSort.Newest || compiled.IsEmpty ? NewestFirst : null;

        var results = index.Search(searcher =>
        {
            // Browsing without words (the landing page, filter clicks) repeats the same few searches: keep their
            // results for as long as this index reader lives (a new reader comes with every change).
            var browseKey = compiled.IsEmpty && CacheBrowsing && request.OnlyItems is null ? BrowseKey(request, audience, page, pageSize) : null;
            var cache = browseKey is null ? null : BrowseCache.GetValue(searcher.IndexReader, _ => new ConcurrentDictionary<string, ResearchSearchResults>(StringComparer.Ordinal));
            if (cache is not null && cache.TryGetValue(browseKey!, out var cached))
            {
                return cached;
            }

            var found = Run(searcher, compiled, request, audience, sort, page, pageSize);
            if (cache is not null)
            {
                if (cache.Count >= MaxCachedBrowsePages)
                {
                    cache.Clear();
                }

                cache[browseKey!] = found;
            }

            return found;
        });

        if (results.Total - results.ByMeaningOnly == 0 && suggest && compiled.Words.Count > 0 && !string.IsNullOrWhiteSpace(request.Text))
        {
            var suggestions = index.Search(s => SpellingSuggester.Suggest(s.IndexReader, index.Plain, compiled.Words));
            if (suggestions.Count > 0)
            {
                var text = request.Text!;
                foreach (var (word, replacement) in suggestions)
                {
                    text = Regex.Replace(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(word)}(?![\p{{L}}\p{{N}}])", replacement, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
                }

                // Only suggest what finds something this person may see (suggestions never reveal hidden items).
                if (FindsAnything(request with { Text = text }, audience))
                {
                    results = results with { DidYouMean = text };
                }
            }
        }

        return results;
    }

    /// <summary>The query a search ranks by: the compiled text with the audience's access and the filters (for the benchmarks).</summary>
    internal Query QueryFor(ResearchSearchRequest request, ResearchAudience audience) => RestrictAll(Compiler().Compile(request.Text).Query, audience, request);

    // Whether a search finds at least one item (stops at the first, unlike a search, which counts every match).
    private bool FindsAnything(ResearchSearchRequest request, ResearchAudience audience) => index.Search(searcher =>
    {
        var weight = searcher.CreateNormalizedWeight(RestrictAll(Compiler().Compile(request.Text).Query, audience, request));
        return searcher.IndexReader.Leaves.Any(leaf =>
            weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs) is { } scorer && scorer.NextDoc() != DocIdSetIterator.NO_MORE_DOCS);
    });

    private QueryCompiler Compiler() => new(index.Analyzer, index.Plain, glossary, tuning, index.PairedFields);

    // One pass over the index (or, when Parallelism asks for it, one per part of it), collecting the top hits, the
    // filter counts of the matches and the counts without each ticked filter (see SearchPass); parts are merged in
    // document order so the result is the same as one pass would give.
    private ResearchSearchResults Run(IndexSearcher searcher, CompiledQuery compiled, ResearchSearchRequest request, ResearchAudience audience, Sort? sort, int page, int pageSize)
    {
        var meaning = sort is null && !compiled.IsEmpty ? Meaning(request.Text) : null;
        var allowed = meaning is null ? null : Allowed(searcher, meaning, audience, request);
        var watched = allowed?.Values.Order().ToArray();
        var wanted = meaning is null ? page * pageSize : Math.Max(page * pageSize, Fusion.Depth);
        var ticked = TickedFilters(request);
        var query = Restrict(compiled.Query, audience, request.OnlyItems);
        var evaluator = TermAtATime ? TermAtATimeEvaluator.Build(searcher, query) : null;
        var weight = evaluator is null ? searcher.CreateNormalizedWeight(query) : null;
        var parts = SearchPass.SplitIntoParts(searcher.IndexReader, Parallelism, MinDocumentsPerPart);
        var tops = new ITopDocsCollector[parts.Count];
        var passes = new SearchPass[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            tops[i] = sort is null
                ? TopScoreDocCollector.Create(wanted, false)
                : TopFieldCollector.Create(sort, wanted, true, false, false, false);
            passes[i] = new SearchPass(tops[i], AudienceFilters.GetValueOrDefault(audience), ticked, evaluator is null ? 0 : wanted, watched);
        }

        if (parts.Count == 1)
        {
            Pass(0);
        }
        else
        {
            Parallel.For(0, parts.Count, Pass);
        }

        void Pass(int i)
        {
            if (evaluator is not null)
            {
                passes[i].Run(evaluator, parts[i]);
            }
            else
            {
                passes[i].Run(weight!, parts[i]);
            }
        }

        var partTops = passes.Select(p => p.TopDocs()).ToArray();
        var merged = partTops.Length == 1 ? partTops[0] : TopDocs.Merge(sort, wanted, partTops);
        var ranked = merged.ScoreDocs;
        var byMeaningOnly = 0;
        HashSet<int>? meaningOnly = null;
        if (meaning is not null)
        {
            ranked = Fuse(ranked, meaning, allowed!);
            meaningOnly = [.. allowed!.Values];
            foreach (var pass in passes)
            {
                meaningOnly.ExceptWith(pass.WatchedMatched);
            }

            byMeaningOnly = meaningOnly.Count;
        }

        var docs = ranked.Skip((page - 1) * pageSize).Take(pageSize).ToArray();
        var hits = Hits(searcher, index.Analyzer, docs, compiled.HighlightQuery, meaningOnly);

        var counts = new FacetCounts();
        foreach (var pass in passes)
        {
            counts.Add(pass.Counts);
        }

        // A ticked filter's own values: those of the matches, and of the documents missing only that filter.
        var ownFilterCounts = new Dictionary<string, FacetCounts>(StringComparer.Ordinal);
        for (var t = 0; t < ticked.Count; t++)
        {
            var own = new FacetCounts();
            own.Add(counts, ticked[t].Field);
            foreach (var pass in passes)
            {
                own.Add(pass.CountsWithoutOwnFilter[t], ticked[t].Field);
            }

            ownFilterCounts[ticked[t].Field] = own;
        }

        return new ResearchSearchResults(merged.TotalHits + byMeaningOnly, hits, Facets(counts, ownFilterCounts, request), null, page, pageSize) { ByMeaningOnly = byMeaningOnly };
    }

    // The ticked filters (a value ticked, or for years a range given), as filters the search pass checks.
    private static List<(string Field, Filter Filter)> TickedFilters(ResearchSearchRequest request)
    {
        var ticked = new List<(string, Filter)>();
        foreach (var (field, values) in FacetFilters(request))
        {
            var wanted = values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal).Take(MaxTickedValues).ToList();
            if (wanted.Count > 0)
            {
                ticked.Add((field, new TermsFilter(wanted.Select(v => new Term(field, v)).ToArray())));
            }
        }

        if (request.YearFrom is not null || request.YearTo is not null)
        {
            ticked.Add((IndexFields.Year, NumericRangeFilter.NewInt32Range(IndexFields.Year, request.YearFrom, request.YearTo, true, true)));
        }

        return ticked;
    }

    /// <summary>Ids of the best matches for a text, no filters (for the relevance harness): by words, by meaning or both as the site ranks.</summary>
    public IReadOnlyList<string> RankedIds(string text, int count, RankingMode mode = RankingMode.AsSearched)
    {
        var compiled = Compiler().Compile(text);
        var meaning = mode == RankingMode.Words ? null : Meaning(text);
        return index.Search(searcher =>
        {
            var words = mode == RankingMode.Meaning ? [] : searcher.Search(compiled.Query, Math.Max(count, Fusion.Depth)).ScoreDocs;
            var ranked = meaning is null ? words : Fuse(words, meaning, Allowed(searcher, meaning, ResearchAudience.Restricted, new ResearchSearchRequest()));
            return ranked.Take(count).Select(d => KeyOf(searcher, d.Doc)).ToList();
        });
    }

    // The items nearest in meaning to a free-text search, best first (null when search by meaning is off, or the
    // search uses operators or fields, which ask for exact matching).
    private List<(string Key, float Similarity)>? Meaning(string? text)
    {
        if (!Hybrid || string.IsNullOrWhiteSpace(text) || !IsFreeText(SearchSyntax.Parse(text)))
        {
            return null;
        }

        var query = Embedder!.EmbedQuery(text.Length > MaxEmbeddedCharacters ? text[..MaxEmbeddedCharacters] : text);
        return Vectors!.Nearest(query, Fusion.Depth, Fusion.MinimumSimilarity);
    }

    private static bool IsFreeText(GroupNode group) =>
        !group.AnyOf && group.Parts.Count > 0 && group.Parts.All(p => p.Occurrence == Occurrence.Default && p.Node is WordNode { Field: null } or PhraseNode { Field: null });

    // The items found by meaning that the search may return (its access rule and filters applied to them by the same
    // filters as to the words' matches), by key, with their document numbers.
    private static Dictionary<string, int> Allowed(IndexSearcher searcher, List<(string Key, float Similarity)> meaning, ResearchAudience audience, ResearchSearchRequest request)
    {
        if (meaning.Count == 0)
        {
            return new Dictionary<string, int>(StringComparer.Ordinal);
        }

        var ids = new TermsFilter(meaning.Select(m => new Term(IndexFields.Id, m.Key)).ToArray());
        var allowed = searcher.Search(RestrictAll(new ConstantScoreQuery(ids), audience, request), meaning.Count).ScoreDocs;
        return allowed.ToDictionary(d => KeyOf(searcher, d.Doc), d => d.Doc, StringComparer.Ordinal);
    }

    // Reciprocal rank fusion of the word ranking's first Depth hits and the meaning ranking of the allowed items, then
    // the rest of the word ranking.
    private ScoreDoc[] Fuse(ScoreDoc[] byWords, List<(string Key, float Similarity)> meaning, Dictionary<string, int> allowed)
    {
        if (allowed.Count == 0)
        {
            return byWords;
        }

        var fused = new Dictionary<int, float>();
        var depth = Math.Min(byWords.Length, Fusion.Depth);
        for (var r = 0; r < depth; r++)
        {
            fused[byWords[r].Doc] = Fusion.Words / (Fusion.K + r + 1);
        }

        var rank = 0;
        foreach (var (key, _) in meaning)
        {
            if (allowed.TryGetValue(key, out var doc))
            {
                rank++;
                fused[doc] = fused.GetValueOrDefault(doc) + (Fusion.Meaning / (Fusion.K + rank));
            }
        }

        var ordered = fused.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Select(p => new ScoreDoc(p.Key, p.Value));
        return [.. ordered, .. byWords.Skip(depth).Where(d => !fused.ContainsKey(d.Doc))];
    }

    private static string KeyOf(IndexSearcher searcher, int doc)
    {
        var leaves = searcher.IndexReader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        if (leaf.AtomicReader.GetSortedDocValues(IndexFields.Id) is { } keys)
        {
            var bytes = new BytesRef();
            keys.Get(doc - leaf.DocBase, bytes);
            return bytes.Utf8ToString();
        }

        return searcher.Doc(doc).Get(IndexFields.Id);
    }

    /// <summary>Items like the given one that the audience may see.</summary>
    public IReadOnlyList<ResearchHit> MoreLikeThis(Guid itemId, ResearchAudience audience, int count) =>
        index.Search(searcher =>
        {
            // The item itself must be one the audience may see: a hidden item's neighbours would give it away.
            var key = new Term(IndexFields.Id, IndexedItem.Key(itemId));
            var found = searcher.Search(Restrict(new TermQuery(key), audience, null), 1).ScoreDocs;
            if (found.Length == 0)
            {
                return (IReadOnlyList<ResearchHit>)[];
            }

            var like = Like(searcher.IndexReader).Like(found[0].Doc);
            var query = new BooleanQuery { { like, Occur.MUST }, { new TermQuery(key), Occur.MUST_NOT } };
            return Similar(searcher, Restrict(query, audience, null), count);
        });

    /// <summary>Items like a piece of text that the audience may see.</summary>
    public IReadOnlyList<ResearchHit> MoreLikeThisText(string text, ResearchAudience audience, int count) =>
        index.Search(searcher =>
        {
            var mlt = Like(searcher.IndexReader);
            var query = new BooleanQuery();
            foreach (var field in new[] { IndexFields.Title, IndexFields.Abstract, IndexFields.Body })
            {
                var part = mlt.Like(new StringReader(text.Length > MaxLikeTextCharacters ? text[..MaxLikeTextCharacters] : text), field);
                if (part is BooleanQuery { Clauses.Count: > 0 })
                {
                    query.Add(part, Occur.SHOULD);
                }
            }

            return query.Clauses.Count == 0
                ? (IReadOnlyList<ResearchHit>)[]
                : Similar(searcher, Restrict(query, audience, null), count);
        });

    private static readonly ConditionalWeakTable<IndexReader, ConcurrentDictionary<string, ResearchSearchResults>> BrowseCache = new();

    private static string BrowseKey(ResearchSearchRequest request, ResearchAudience audience, int page, int pageSize) =>
        string.Join('\u001f', [audience.ToString(), string.Join('\u001e', request.Types), string.Join('\u001e', request.Topics),
            string.Join('\u001e', request.EvidenceLevels), string.Join('\u001e', request.Access), string.Join('\u001e', request.KssStatements),
            request.YearFrom?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", request.YearTo?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            page.ToString(System.Globalization.CultureInfo.InvariantCulture), pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    private static readonly Sort NewestFirst = new(
        new SortField(IndexFields.Year, SortFieldType.INT32, true),
        new SortField(IndexFields.Published, SortFieldType.INT64, true));

    private MoreLikeThis Like(IndexReader reader) => new(reader)
    {
        Analyzer = index.Analyzer,
        FieldNames = [IndexFields.Title, IndexFields.Abstract, IndexFields.Body],
        MinTermFreq = 1,
        MinDocFreq = 2,
        MaxQueryTerms = 25,
        BoostFactor = 1f,
        ApplyBoost = true,
    };

    private List<ResearchHit> Similar(IndexSearcher searcher, Query query, int count) =>
        Hits(searcher, index.Analyzer, searcher.Search(query, Math.Clamp(count, 1, MaxSimilarItems)).ScoreDocs, null);

    // Access is part of the query (a filter the query runs under), so hidden items are neither returned nor counted.
    // The filter is a bit set per segment (cached), so Lucene applies it as the documents a scorer may accept and keeps
    // its fast bulk scorer for plain words. The ticked filters are checked by the search pass (see SearchPass).
    private static Query Restrict(Query query, ResearchAudience audience, IReadOnlyCollection<Guid>? only)
    {
        var filter = new BooleanFilter();
        if (AudienceFilters.TryGetValue(audience, out var access))
        {
            filter.Add(new FilterClause(access, Occur.MUST));
        }

        if (only is not null)
        {
            filter.Add(new FilterClause(
                only.Count == 0 ? new QueryWrapperFilter(new BooleanQuery()) : new TermsFilter(only.Select(id => new Term(IndexFields.Id, IndexedItem.Key(id))).ToArray()),
                Occur.MUST));
        }

        return filter.Any() ? new FilteredQuery(query, filter, FilteredQuery.RANDOM_ACCESS_FILTER_STRATEGY) : query;
    }

    // Access and every filter in the query (the benchmark's ranking-only figure).
    private static Query RestrictAll(Query query, ResearchAudience audience, ResearchSearchRequest request)
    {
        var ticked = TickedFilters(request);
        var restricted = Restrict(query, audience, request.OnlyItems);
        if (ticked.Count == 0)
        {
            return restricted;
        }

        var filter = new BooleanFilter();
        foreach (var (_, f) in ticked)
        {
            filter.Add(new FilterClause(f, Occur.MUST));
        }

        return new FilteredQuery(restricted, filter, FilteredQuery.RANDOM_ACCESS_FILTER_STRATEGY);
    }

    private static IEnumerable<(string Field, IReadOnlyList<string> Values)> FacetFilters(ResearchSearchRequest request) =>
    [
        (IndexFields.Type, request.Types),
        (IndexFields.Topic, request.Topics),
        (IndexFields.Evidence, request.EvidenceLevels),
        (IndexFields.Access, request.Access),
        (IndexFields.Kss, request.KssStatements),
    ];

    private static CachingWrapperFilter AccessFilter(params string[] values)
    {
        var any = new BooleanQuery(disableCoord: true);
        foreach (var value in values)
        {
            any.Add(new TermQuery(new Term(IndexFields.Access, value)), Occur.SHOULD);
        }

        return new CachingWrapperFilter(new QueryWrapperFilter(any));
    }

    // A ticked filter's values are counted without that filter (ownFilterCounts), the others over the matches.
    private static List<Facet> Facets(FacetCounts counter, Dictionary<string, FacetCounts> ownFilterCounts, ResearchSearchRequest request)
    {
        var counts = counter.Values;
        Facet Of(string name, IReadOnlyList<string> selected, Func<IEnumerable<KeyValuePair<string, int>>, IEnumerable<KeyValuePair<string, int>>> order)
        {
            var source = ownFilterCounts.TryGetValue(name, out var own) ? own.Values : counts;
            var values = source.TryGetValue(name, out var c) ? c : new Dictionary<string, int>();
            var list = order(values).Select(v => new FacetValue(v.Key, v.Value, selected.Contains(v.Key, StringComparer.Ordinal))).ToList();
            // A selected value stays listed (with 0) so it can be unticked.
            list.AddRange(selected.Where(s => !values.ContainsKey(s)).Select(s => new FacetValue(s, 0, true)));
            return new Facet(name, list);
        }

        IEnumerable<KeyValuePair<string, int>> ByCount(IEnumerable<KeyValuePair<string, int>> v) => v.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal);
        IEnumerable<KeyValuePair<string, int>> ByName(IEnumerable<KeyValuePair<string, int>> v) => v.OrderBy(x => x.Key, StringComparer.Ordinal);

        return
        [
            Of(IndexFields.Type, request.Types, ByCount),
            Of(IndexFields.Topic, request.Topics, ByCount),
            new Facet(IndexFields.Year, (ownFilterCounts.TryGetValue(IndexFields.Year, out var years) ? years : counter).Years.OrderByDescending(y => y.Key)
                .Select(y => new FacetValue(y.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), y.Value,
                    (request.YearFrom is null || y.Key >= request.YearFrom) && (request.YearTo is null || y.Key <= request.YearTo) && (request.YearFrom ?? request.YearTo) is not null))
                .ToList()),
            Of(IndexFields.Evidence, request.EvidenceLevels, ByName),
            Of(IndexFields.Access, request.Access, ByName),
            Of(IndexFields.Kss, request.KssStatements, ByName),
        ];
    }

    // Everything a result shows. The full text, which a passage comes from only when the abstract has no match (or
    // no text), is read apart: it can be a hundred times longer than the rest, and most results never need it.
    private static readonly HashSet<string> ShownFields =
    [
        IndexFields.Id, IndexFields.Title, IndexFields.Abstract, IndexFields.Authors, IndexFields.Year, IndexFields.Source, IndexFields.Type,
        IndexFields.Access, IndexFields.Evidence, IndexFields.Topic, IndexFields.Kss, IndexFields.Link, IndexFields.Doi,
    ];

    private static readonly HashSet<string> FullText = [IndexFields.Body];

    // meaningOnly: the documents found by meaning that the words did not match. Their full text is not read for a
    // passage: the words match none of its terms, and reading and analysing a long text only to find that is most of
    // the cost of showing such a result. Their abstract is shown as any result's without a match is.
    internal static List<ResearchHit> Hits(IndexSearcher searcher, Analyzer analyzer, ScoreDoc[] docs, Query? highlight, IReadOnlySet<int>? meaningOnly = null)
    {
        var stored = docs.Select(d => d.Doc).Distinct().ToDictionary(id => id, id => searcher.Doc(id, ShownFields));
        return docs.Select(d => Hit(stored[d.Doc], () => searcher.Doc(d.Doc, FullText).Get(IndexFields.Body) ?? "", analyzer, highlight,
            meaningOnly?.Contains(d.Doc) != true, float.IsNaN(d.Score) ? 0 : d.Score)).ToList();
    }

    private static ResearchHit Hit(Document doc, Func<string> fullText, Analyzer analyzer, Query? highlight, bool searchFullText, float score)
    {
        var title = doc.Get(IndexFields.Title) ?? "";
        var @abstract = doc.Get(IndexFields.Abstract) ?? "";
        // The postings keep no offsets (they would cost every document's indexing, for the few results shown): the
        // highlighter analyses the page's texts again. The full text is read only when the abstract has no match.
        var passage = PassageHighlighter.BestPassage(analyzer, IndexFields.Abstract, @abstract, highlight)
            ?? (highlight is not null && searchFullText ? PassageHighlighter.BestPassage(analyzer, IndexFields.Body, fullText(), highlight) : null)
            ?? PassageHighlighter.Lead(@abstract.Length > 0 ? @abstract : fullText());
        var titleHtml = PassageHighlighter.Whole(analyzer, IndexFields.Title, title, highlight);
        var year = doc.GetField(IndexFields.Year)?.GetInt32Value();
        return new ResearchHit(
            Guid.ParseExact(doc.Get(IndexFields.Id), "N"),
            title,
            titleHtml,
            doc.Get(IndexFields.Authors) ?? "",
            year,
            doc.Get(IndexFields.Source) ?? "",
            doc.Get(IndexFields.Type) ?? "",
            doc.Get(IndexFields.Access) ?? "",
            doc.Get(IndexFields.Evidence),
            doc.GetValues(IndexFields.Topic),
            doc.GetValues(IndexFields.Kss),
            passage,
            Links.Href(doc.Get(IndexFields.Link)) ?? "", // never a javascript: (or other) link to whoever renders the answer
            doc.Get(IndexFields.Doi) ?? "",
            score);
    }
}
