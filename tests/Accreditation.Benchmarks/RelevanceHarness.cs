using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accreditation.Research.Indexing;
using Accreditation.Research.Search;
using Accreditation.Research.Semantic;
using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using RAMDirectory = Lucene.Net.Store.RAMDirectory;
using Lucene.Net.Util;

namespace Accreditation.Benchmarks;

/// <summary>
/// <c>relevance DIR [--compare]</c>: reads a BEIR-layout folder (corpus.jsonl, queries.jsonl, qrels/test.tsv), indexes
/// the corpus through the module's analysis and index code, ranks every judged query with the module's query
/// compiler and prints nDCG@10, MAP@100 and Recall@100. With --compare it first prints the variants the library's
/// settings were chosen from (stemmer, glossary, field weights, BM25 k1 and b). The last line is always the figures of
/// the library's own settings: <c>nDCG@10=0.xxxx MAP@100=0.xxxx Recall@100=0.xxxx</c>.
/// </summary>
public static class RelevanceHarness
{
    /// <summary>Runs the harness; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (folder is null || !File.Exists(Path.Combine(folder, "corpus.jsonl")))
        {
            Console.Error.WriteLine("Usage: relevance DIR [--compare]   (DIR holds corpus.jsonl, queries.jsonl and qrels/test.tsv)");
            return 2;
        }

        var collection = Collection.Read(folder);
        Console.WriteLine($"{collection.Documents.Count} documents, {collection.Judged.Count} judged queries, {collection.Judged.Sum(q => collection.Qrels[q.Id].Count)} judgements");
        if (args.Contains("--compare"))
        {
            var flat = SearchTuning.Default with { Title = 1, Abstract = 1, Topics = 1, Body = 1, Authors = 1, TieBreaker = 1, MinimumShouldMatch = _ => 1 };
            var variants = new (string Name, EnglishStemmer Stemmer, bool Glossary, SearchTuning Tuning, RankingSettings Ranking)[]
            {
                ("baseline: Lucene defaults (no stemming, no glossary, flat fields, OR, k1=1.2 b=0.75)", EnglishStemmer.None, false, flat, new()),
                ("+ minimal (plural) stemmer", EnglishStemmer.Minimal, false, flat, new()),
                ("+ KStem", EnglishStemmer.KStem, false, flat, new()),
                ("+ Porter", EnglishStemmer.Porter, false, flat, new()),
                ("Porter + glossary", EnglishStemmer.Porter, true, flat, new()),
                ("Porter + glossary + field weights 3/2/1.5/1, dismax 0.3, any word (OR)", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = Any }, new()),
                ("  same, every word required (AND)", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = n => n }, new()),
                ("  same, all but one word of three or more", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = n => n <= 2 ? 1 : n - 1 }, new()),
                ("  same, half the words", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = n => (n + 1) / 2 }, new()),
                ("KStem + glossary + field weights, OR", EnglishStemmer.KStem, true, SearchTuning.Default with { MinimumShouldMatch = Any }, new()),
                ("Porter, OR: k1=0.9 b=0.4", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = Any }, new(0.9f, 0.4f)),
                ("Porter, OR: k1=1.2 b=0.5", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = Any }, new(1.2f, 0.5f)),
                ("Porter, OR: k1=1.5 b=0.75", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = Any }, new(1.5f, 0.75f)),
                ("Porter, OR: k1=2.0 b=0.9", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = Any }, new(2.0f, 0.9f)),
                ("Porter, OR: title weight 5", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = Any, Title = 5 }, new()),
                ("Porter, OR: title 1.5, abstract 1.2", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = Any, Title = 1.5f, Abstract = 1.2f }, new()),
                ("Porter, OR: sum over fields (tie 1.0)", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = Any, TieBreaker = 1 }, new()),
                ("Porter, OR: best field only (tie 0)", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = Any, TieBreaker = 0 }, new()),
                ("Porter, OR: synonyms weighted 0.6", EnglishStemmer.Porter, true, SearchTuning.Default with { MinimumShouldMatch = Any, Synonym = 0.6f }, new()),
            };
            foreach (var variant in variants)
            {
                var figures = Evaluate(collection, variant.Stemmer, variant.Glossary, variant.Tuning, variant.Ranking, null, [("", RankingMode.Words, FusionSettings.Default)])[0];
                Console.WriteLine($"{variant.Name,-82} {Format(figures)}");
            }
        }

        var plain = PlainBm25(collection);
        Console.WriteLine($"{"plain Lucene BM25 (EnglishAnalyzer, title+text in one field, k1=0.9 b=0.4)",-82} {Format(plain)}");
        var vectors = Embeddings(collection);
        var modes = new List<(string Name, RankingMode Mode, FusionSettings Fusion)> { ("BM25 alone (the module's words chain)", RankingMode.Words, FusionSettings.Default) };
        if (vectors is not null)
        {
            modes.Add(("vectors alone (all-MiniLM-L6-v2)", RankingMode.Meaning, FusionSettings.Default));
            if (args.Contains("--compare"))
            {
                foreach (var (k, words, meaning, min) in new[] { (60, 1f, 1f, -1f), (60, 1f, 0.7f, 0.2f), (60, 1f, 1.3f, 0.2f), (30, 1f, 1f, 0.2f), (100, 1f, 1f, 0.2f), (60, 1f, 1f, 0.3f) })
                {
                    modes.Add(($"fusion: RRF k={k}, words {words}, meaning {meaning}, similarity >= {min}", RankingMode.AsSearched, new FusionSettings(K: k, Words: words, Meaning: meaning, MinimumSimilarity: min)));
                }
            }

            modes.Add(("fusion (the chosen configuration)", RankingMode.AsSearched, FusionSettings.Default));
        }
        else
        {
            Console.WriteLine("The embedding model could not be loaded: BM25 alone.");
        }

        var scores = Evaluate(collection, ResearchAnalyzer.DefaultStemmer, true, SearchTuning.Default, new RankingSettings(), vectors, modes);
        for (var i = 0; i < modes.Count; i++)
        {
            Console.WriteLine($"{modes[i].Name,-82} {Format(scores[i])}  ({scores[i].Ndcg / plain.Ndcg:0.000}x nDCG@10 of plain BM25)");
        }

        Console.WriteLine(Format(scores[^1]));
        return 0;
    }

    private static int Any(int words) => 1;

    // The harness has the machine to itself: the model may use every core (the site's worker uses one).
    private static readonly Lazy<MiniLmEmbedder?> Model = new(() =>
    {
        try
        {
            return MiniLmEmbedder.Load(threads: Environment.ProcessorCount);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            Console.WriteLine($"No embedding model: {ex.Message}");
            return null;
        }
    });

    private static string Format((double Ndcg, double Map, double Recall) s) =>
        string.Create(CultureInfo.InvariantCulture, $"nDCG@10={s.Ndcg:0.0000} MAP@100={s.Map:0.0000} Recall@100={s.Recall:0.0000}");

    // The reference every collection is compared with: a default Lucene set-up (EnglishAnalyzer with its stop words,
    // title and text in one field, BM25 k1 = 0.9, b = 0.4, the question's words OR-ed), in memory.
    private static (double Ndcg, double Map, double Recall) PlainBm25(Collection collection)
    {
        using var analyzer = new EnglishAnalyzer(LuceneVersion.LUCENE_48);
        using var directory = new RAMDirectory();
        var similarity = new BM25Similarity(0.9f, 0.4f);
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer) { Similarity = similarity }))
        {
            foreach (var d in collection.Documents)
            {
                writer.AddDocument(new Lucene.Net.Documents.Document
                {
                    new StringField("id", d.Id, Field.Store.YES),
                    new TextField("text", d.Item.Title + " " + d.Item.Abstract, Field.Store.NO),
                });
            }
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = similarity };
        return Score(collection, text =>
        {
            var query = new BooleanQuery();
            foreach (var (term, _) in ResearchAnalyzer.TermsOf(analyzer, "text", text))
            {
                query.Add(new TermQuery(new Term("text", term)), Occur.SHOULD);
            }

            return searcher.Search(query, 100).ScoreDocs.Select(h => searcher.Doc(h.Doc).Get("id")).ToList();
        });
    }

    private static (double Ndcg, double Map, double Recall) Score(Collection collection, Func<string, IReadOnlyList<string>> rank)
    {
        double ndcg = 0, map = 0, recall = 0;
        foreach (var query in collection.Judged)
        {
            var ranked = rank(query.Text);
            var grades = collection.Qrels[query.Id];
            ndcg += RelevanceMetrics.NdcgAt(ranked, grades, 10);
            map += RelevanceMetrics.AveragePrecisionAt(ranked, grades, 100);
            recall += RelevanceMetrics.RecallAt(ranked, grades, 100);
        }

        var n = collection.Judged.Count;
        return (ndcg / n, map / n, recall / n);
    }

    // Embeds the collection once through the module's embedding worker, into a file kept in the temporary folder by the
    // corpus's hash (a second run reads it); null without the model.
    private static string? Embeddings(Collection collection)
    {
        if (Model.Value is not { } embedder)
        {
            return null;
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u0001', collection.Documents.Select(d => d.Id + "\u0002" + d.Item.Title + "\u0002" + d.Item.Abstract))))).ToLowerInvariant()[..16];
        var file = Path.Combine(Path.GetTempPath(), $"accreditation-relevance-{hash}-{(embedder as MiniLmEmbedder)?.MaxTokens}.vectors");
        if (File.Exists(file))
        {
            Console.WriteLine($"Embeddings read from an earlier run ({file}).");
            return file;
        }

        var folder = Path.Combine(Path.GetTempPath(), "accreditation-relevance-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var index = new ResearchIndex(Path.Combine(folder, "research"));
            index.EnsureOpen();
            using (var rebuild = index.BeginRebuild(0))
            {
                rebuild.AddBatch(collection.Documents.Select(d => d.Item).ToList(), "end", parallelism: 1);
                rebuild.Complete(DateTimeOffset.UtcNow);
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var worker = new EmbeddingWorker(index, new SemanticModel(embedder), Microsoft.Extensions.Logging.Abstractions.NullLogger<EmbeddingWorker>.Instance);
            worker.RunOnce(int.MaxValue);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Embedded {index.Vectors.Count} items in {watch.Elapsed.TotalSeconds:0.0} s: {index.Vectors.Count / watch.Elapsed.TotalSeconds:0.0} items/s"));
            File.Copy(index.Vectors.Path, file, overwrite: true);
            return file;
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static List<(double Ndcg, double Map, double Recall)> Evaluate(Collection collection, EnglishStemmer stemmer, bool useGlossary, SearchTuning tuning, RankingSettings ranking, string? vectors, IReadOnlyList<(string Name, RankingMode Mode, FusionSettings Fusion)> modes)
    {
        var folder = Path.Combine(Path.GetTempPath(), "accreditation-relevance-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var index = new ResearchIndex(Path.Combine(folder, "research"), ranking, stemmer);
            if (vectors is not null)
            {
                Directory.CreateDirectory(folder);
                File.Copy(vectors, index.Vectors.Path, overwrite: true);
                index.Vectors.Load();
            }

            index.EnsureOpen();
            using (var rebuild = index.BeginRebuild(0))
            {
                rebuild.AddBatch(collection.Documents.Select(d => d.Item).ToList(), "end", parallelism: 1);
                rebuild.Complete(DateTimeOffset.UtcNow);
            }

            var glossary = useGlossary ? new Glossary(Glossary.Defaults.Select(Glossary.Split), index.Analyzer) : Glossary.Empty;
            var byKey = collection.Documents.ToDictionary(d => IndexedItem.Key(d.Item.Id), d => d.Id, StringComparer.Ordinal);
            return modes.Select(m =>
            {
                var searcher = new ResearchSearcher(index, glossary, tuning)
                {
                    Vectors = vectors is null ? null : index.Vectors,
                    Embedder = vectors is null ? null : Model.Value,
                    Fusion = m.Fusion,
                };
                return Score(collection, text => searcher.RankedIds(text, 100, m.Mode).Select(k => byKey[k]).ToList());
            }).ToList();
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private sealed record Document(string Id, IndexedItem Item);

    private sealed record Query(string Id, string Text);

    private sealed record Collection(List<Document> Documents, List<Query> Judged, Dictionary<string, Dictionary<string, int>> Qrels)
    {
        public static Collection Read(string folder)
        {
            var documents = File.ReadLines(Path.Combine(folder, "corpus.jsonl")).Where(l => l.Trim().Length > 0).Select(line =>
            {
                using var json = JsonDocument.Parse(line);
                var id = json.RootElement.GetProperty("_id").GetString()!;
                var title = json.RootElement.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
                var text = json.RootElement.TryGetProperty("text", out var x) ? x.GetString() ?? "" : "";
                // BEIR ids are strings; the index keys items by GUID, so derive one from the id.
                var guid = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(id)).AsSpan(0, 16));
                return new Document(id, new IndexedItem(guid, title, "", null, "", "Other", text, "", [], [], null, "Public", "", "", 0));
            }).ToList();
            var queries = File.ReadLines(Path.Combine(folder, "queries.jsonl")).Where(l => l.Trim().Length > 0).Select(line =>
            {
                using var json = JsonDocument.Parse(line);
                return new Query(json.RootElement.GetProperty("_id").GetString()!, json.RootElement.GetProperty("text").GetString()!);
            }).ToList();
            var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
            foreach (var line in File.ReadLines(Path.Combine(folder, "qrels", "test.tsv")).Skip(1).Where(l => l.Trim().Length > 0))
            {
                var parts = line.Split('\t');
                if (!qrels.TryGetValue(parts[0], out var grades))
                {
                    qrels[parts[0]] = grades = new Dictionary<string, int>(StringComparer.Ordinal);
                }

                grades[parts[1]] = int.Parse(parts[2], CultureInfo.InvariantCulture);
            }

            return new Collection(documents, queries.Where(q => qrels.ContainsKey(q.Id)).ToList(), qrels);
        }
    }
}
