using System.Diagnostics;
using System.Globalization;
using System.Text;
using Accreditation.Research.Indexing;
using Accreditation.Research.Search;
using Accreditation.Research.Semantic;
using Microsoft.Data.Sqlite;

namespace Accreditation.Benchmarks;

/// <summary>
/// <c>search [--items N] [--rounds R] [--concurrency C [--repeats P]]</c>: generates a deterministic library of N items (default 200,000), rebuilds
/// the research index through the module's own analysis and rebuild code, runs a fixed query mix (terms, phrases,
/// boolean, synonyms, field prefixes, filtered, faceted browsing, a misspelling) through the module's searcher with
/// facets and highlighting, then the same mix against SQLite FTS5 (bm25) on the same corpus, and prints both with
/// the ratio. With <c>--concurrency C</c> it instead runs the mix on C threads at once, with each search split over
/// the cores and with each search on one thread, and prints the total queries/s and latencies of both.
/// </summary>
public static class SearchBenchmark
{
    /// <summary>Runs the benchmark; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var items = Option(args, "--items", 200_000);
        var rounds = Option(args, "--rounds", 30);
        var ftsRounds = Option(args, "--fts-rounds", 3);
        var folder = Path.Combine(Path.GetTempPath(), "accreditation-search-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        try
        {
            Console.WriteLine($"Search benchmark: {items:N0} items, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            var clock = Stopwatch.StartNew();
            var corpus = SearchCorpus.Generate(items, seed: 20261122);
            var words = corpus.Sum(c => (long)SearchCorpus.WordCount(c));
            Console.WriteLine($"Corpus generated in {clock.Elapsed.TotalSeconds:0.0} s: {words:N0} words, {words / (double)items:0} words an item on average");

            // --- Lucene: the module's rebuild path (committed batches, parallel analysis) ---
            using var index = new ResearchIndex(Path.Combine(folder, "index", "research"));
            index.EnsureOpen();
            GC.Collect();
            clock.Restart();
            using (var rebuild = index.BeginRebuild(0))
            {
                const int batch = IndexWorker.RebuildCommitEvery; // commits as often as the worker does
                for (var offset = 0; offset < corpus.Count; offset += batch)
                {
                    var slice = corpus.GetRange(offset, Math.Min(batch, corpus.Count - offset));
                    rebuild.AddBatch(slice, IndexedItem.Key(slice[^1].Id));
                }

                rebuild.Complete(DateTimeOffset.UtcNow);
            }

            var luceneIndexing = clock.Elapsed;
            Console.WriteLine($"Lucene rebuild: {luceneIndexing.TotalSeconds:0.0} s, {items / luceneIndexing.TotalSeconds:N0} items/s, {index.Count:N0} documents, {FolderSize(index.Path) / 1048576.0:N0} MB");

            var glossary = new Glossary(Glossary.Defaults.Select(Glossary.Split), index.Analyzer);
            if (Option(args, "--concurrency", 0) is > 0 and var concurrency)
            {
                Concurrent(index, glossary, QueryMix(), concurrency, rounds, Option(args, "--repeats", 2));
                return 0;
            }

            // The main figures are uncached; the browse cache the site uses for searches without words is measured apart.
            var searcher = new ResearchSearcher(index, glossary, SearchTuning.Default) { CacheBrowsing = false };
            var mix = QueryMix();
            var lucene = Measure(mix, rounds, q => searcher.Search(q.Request with { PageSize = 10 }, ResearchAudience.Staff).Total);
            var hybrid = MeasureHybrid(index, glossary, corpus, mix, rounds);
            if (hybrid is not null)
            {
                Report("Lucene alone", lucene.All);
                Report("Lucene + vectors (hybrid)", hybrid.All);
                for (var i = 0; i < mix.Count; i++)
                {
                    Console.WriteLine($"  {mix[i].Name,-44} words p50 {Percentile(lucene.PerQuery[i], 50),6:0.00} p99 {Percentile(lucene.PerQuery[i], 99),6:0.00} ms; hybrid p50 {Percentile(hybrid.PerQuery[i], 50),6:0.00} p99 {Percentile(hybrid.PerQuery[i], 99),6:0.00} ms");
                }
            }
            if (args.Contains("--breakdown"))
            {
                // Where the time goes: matching and ranking only, then with the filter counts, then the full search.
                var queries = mix.Select(q => searcher.QueryFor(q.Request, ResearchAudience.Staff)).ToList();
                var ranking = Measure(mix, rounds, q => index.Search(s => s.Search(queries[mix.IndexOf(q)], 10).TotalHits));
                var serial = new ResearchSearcher(index, glossary, SearchTuning.Default) { CacheBrowsing = false, Parallelism = 1 };
                var counting = Measure(mix, rounds, q => serial.Search(q.Request with { PageSize = 10 }, ResearchAudience.Staff).Total);
                Report("rank", ranking.All);
                Report("1 core", counting.All);
                Report("full", lucene.All);
                var compile = Measure(mix, rounds, q => new QueryCompiler(index.Analyzer, index.Plain, glossary, SearchTuning.Default, index.PairedFields).Compile(q.Request.Text).IsEmpty ? 0 : 1);
                var render = Measure(mix, rounds, q =>
                {
                    var compiled = new QueryCompiler(index.Analyzer, index.Plain, glossary, SearchTuning.Default, index.PairedFields).Compile(q.Request.Text);
                    var top = index.Search(s => s.Search(queries[mix.IndexOf(q)], 10).ScoreDocs);
                    return index.Search(s => ResearchSearcher.Hits(s, index.Analyzer, top, compiled.HighlightQuery).Count);
                });
                Report("compile", compile.All);
                Report("render", render.All);
                for (var i = 0; i < mix.Count; i++)
                {
                    Console.WriteLine($"  {mix[i].Name,-44} rank {Percentile(ranking.PerQuery[i], 50),6:0.00} ms, full on 1 core {Percentile(counting.PerQuery[i], 50),6:0.00} ms, full {Percentile(lucene.PerQuery[i], 50),6:0.00} ms (p99 {Percentile(lucene.PerQuery[i], 99),6:0.00} ms)");
                }
            }

            var cachedSearcher = new ResearchSearcher(index, glossary, SearchTuning.Default);
            var browse = mix.Where(q => q.Request.Text is null).ToList();
            var cached = Measure(browse, rounds, q => cachedSearcher.Search(q.Request with { PageSize = 10 }, ResearchAudience.Staff).Total);

            // --- SQLite FTS5 on the same corpus ---
            SQLitePCL.Batteries_V2.Init();
            using var sqlite = new SqliteConnection("Data Source=:memory:");
            sqlite.Open();
            clock.Restart();
            Fts.Load(sqlite, corpus);
            var ftsIndexing = clock.Elapsed;
            Console.WriteLine($"FTS5 load and index: {ftsIndexing.TotalSeconds:0.0} s, {items / ftsIndexing.TotalSeconds:N0} items/s");
            var fts = Measure(mix, ftsRounds, q => Fts.Search(sqlite, q));

            Console.WriteLine();
            Console.WriteLine($"{"query",-44} {"hits",9} {"Lucene p50",11} {"FTS5 p50",10} {"ratio",7}");
            for (var i = 0; i < mix.Count; i++)
            {
                var l = Percentile(lucene.PerQuery[i], 50);
                var f = Percentile(fts.PerQuery[i], 50);
                Console.WriteLine($"{mix[i].Name,-44} {lucene.Hits[i],9:N0} {l,9:0.00}ms {f,8:0.00}ms {f / l,6:0.0}x   (FTS5 hits {fts.Hits[i]:N0})");
            }

            Console.WriteLine();
            Report("Lucene", lucene.All);
            Report("FTS5", fts.All);
            Report("Lucene browsing with the site's browse cache", cached.All);
            Console.WriteLine($"Ratio FTS5/Lucene: mean {fts.All.Average() / lucene.All.Average():0.0}x, p50 {Percentile(fts.All, 50) / Percentile(lucene.All, 50):0.0}x, p99 {Percentile(fts.All, 99) / Percentile(lucene.All, 99):0.0}x");
            if (hybrid is not null)
            {
                Report("Lucene + vectors (hybrid)", hybrid.All);
            }

            var hybridTarget = hybrid is null ? "hybrid: no model" : $"hybrid p99 {Percentile(hybrid.All, 99):0.00} ms (target ≤ 15 ms)";
            Console.WriteLine($"Targets: rebuild {items:N0} items in {luceneIndexing.TotalSeconds:0.0} s (target ≤ 60 s at 200,000); p99 {Percentile(lucene.All, 99):0.00} ms (target ≤ 10 ms); {hybridTarget}; {fts.All.Average() / lucene.All.Average():0.0}x faster than FTS5 (target ≥ 5x)");
            await Task.CompletedTask;
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// One query of the mix: the module's request and the equivalent FTS5 expression and filters (plain words are
    /// alternatives in both, glossary terms are spelt out for FTS5).
    /// </summary>
    public sealed record MixQuery(string Name, ResearchSearchRequest Request, string? Match, string Filter = "");

    private static List<MixQuery> QueryMix() =>
    [
        new("term: neglect", new() { Text = "neglect" }, "neglect"),
        new("term: supervision", new() { Text = "supervision" }, "supervision"),
        new("term: adolescents", new() { Text = "adolescents" }, "adolescents"),
        new("term (stemmed): assessing", new() { Text = "assessing" }, "assessing"),
        new("term (rare): kinship", new() { Text = "kinship" }, "kinship"),
        new("two terms: care leavers", new() { Text = "care leavers" }, "care OR leavers"),
        new("three terms: reflective practice model", new() { Text = "reflective practice model" }, "reflective OR practice OR model"),
        new("phrase: \"child protection\"", new() { Text = "\"child protection\"" }, "\"child protection\""),
        new("phrase: \"family group conference\"", new() { Text = "\"family group conference\"" }, "\"family group conference\""),
        new("phrase + term: \"domestic abuse\" children", new() { Text = "\"domestic abuse\" children" }, "\"domestic abuse\" OR children"),
        new("AND: neglect AND adolescents", new() { Text = "neglect AND adolescents" }, "neglect AND adolescents"),
        new("OR: exploitation OR trafficking", new() { Text = "exploitation OR trafficking" }, "exploitation OR trafficking"),
        new("NOT: supervision NOT group", new() { Text = "supervision NOT group" }, "supervision NOT group"),
        new("nested: (neglect OR abuse) AND assessment", new() { Text = "(neglect OR abuse) AND assessment" }, "(neglect OR abuse) AND assessment"),
        new("synonym: FGC", new() { Text = "FGC" }, "fgc OR \"family group conference\" OR \"family group conferences\" OR \"family group conferencing\""),
        new("synonym: CiN outcomes", new() { Text = "CiN outcomes" }, "cin OR \"child in need\" OR \"children in need\" OR outcomes"),
        new("field: title:neglect", new() { Text = "title:neglect" }, "title:neglect"),
        new("field: author:smith", new() { Text = "author:smith" }, "authors:smith"),
        new("filtered: neglect, practice guides", new() { Text = "neglect", Types = ["PracticeGuide"] }, "neglect", "AND i.type = 'PracticeGuide'"),
        new("filtered: \"child protection\" 2015-2020", new() { Text = "\"child protection\"", YearFrom = 2015, YearTo = 2020 }, "\"child protection\"", "AND i.year BETWEEN 2015 AND 2020"),
        new("filtered: supervision, topic", new() { Text = "supervision", Topics = ["Supervision"] }, "supervision", "AND i.id IN (SELECT item_id FROM item_topics WHERE topic = 'Supervision')"),
        new("faceted browse: research reviews", new() { Types = ["ResearchReview"] }, null, "AND i.type = 'ResearchReview'"),
        new("faceted browse: strong evidence 2020+", new() { EvidenceLevels = ["Strong"], YearFrom = 2020 }, null, "AND i.evidence = 'Strong' AND i.year >= 2020"),
        new("faceted browse: everything", new(), null),
        new("misspelt: assesment (did you mean)", new() { Text = "assesment" }, "assesment"),
    ];

    // Search by words and meaning: the model embeds a sample of the corpus as the site's worker does (one core; the
    // figure is its throughput), every item gets a vector (the sample's, repeated with a little noise: embedding
    // 200,000 items takes hours), and the query mix runs with reciprocal rank fusion. What people type is embedded by the
    // model itself; the first embedding of each query text is timed apart, because the site keeps them for repeats.
    private static Measurement? MeasureHybrid(ResearchIndex index, Glossary glossary, List<IndexedItem> corpus, List<MixQuery> mix, int rounds)
    {
        ITextEmbedder embedder;
        try
        {
            embedder = MiniLmEmbedder.Load(threads: 1);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            Console.WriteLine($"No embedding model ({ex.Message}): no hybrid figures.");
            return null;
        }

        var sample = corpus.Take(200).ToList();
        var texts = sample.Select(i => EmbeddingWorker.TextsOf(i.Title, i.Abstract, i.Body).ToList()).ToList();
        var clock = Stopwatch.StartNew();
        var vectors = embedder.Embed(texts.SelectMany(t => t).ToList());
        Console.WriteLine($"Embedding: {sample.Count} items ({vectors.Length} texts: title and abstract, passages of the full text) in {clock.Elapsed.TotalSeconds:0.0} s on one core: {sample.Count / clock.Elapsed.TotalSeconds:0.0} items/s, {vectors.Length / clock.Elapsed.TotalSeconds:0.0} texts/s");
        var random = new Random(20261206);
        var store = index.Vectors;
        var at = 0;
        for (var i = 0; i < corpus.Count; i++)
        {
            var own = new List<float[]>();
            foreach (var _ in texts[i % sample.Count])
            {
                var v = (float[])vectors[at++ % vectors.Length].Clone();
                for (var d = 0; d < v.Length; d++)
                {
                    v[d] += (float)((random.NextDouble() - 0.5) * 0.02);
                }

                System.Numerics.Tensors.TensorPrimitives.Divide(v, System.Numerics.Tensors.TensorPrimitives.Norm(v), v);
                own.Add(v);
            }

            store.Set(IndexedItem.Key(corpus[i].Id), 0, own);
        }

        var queryTimes = new List<double>();
        foreach (var text in mix.Select(q => q.Request.Text).OfType<string>().Distinct())
        {
            clock.Restart();
            embedder.Embed([text]);
            queryTimes.Add(clock.Elapsed.TotalMilliseconds);
        }

        Report("query embedding, uncached", queryTimes);
        var hybrid = new ResearchSearcher(index, glossary, SearchTuning.Default) { CacheBrowsing = false, Vectors = store, Embedder = embedder };
        Console.WriteLine($"Vector store: {store.Count:N0} items");

        // The nearest items by meaning alone (the part of a hybrid search that words-only searches do not do, beside the
        // fusion itself), for the queries with text; the query vectors are made once, as the site keeps them.
        var queryVectors = mix.Select(q => q.Request.Text).OfType<string>().Distinct().Select(t => embedder.EmbedQuery(t)).ToList();
        var nearest = new List<double>();
        for (var round = 0; round < rounds + 5; round++)
        {
            foreach (var vector in queryVectors)
            {
                var start = Stopwatch.GetTimestamp();
                store.Nearest(vector, FusionSettings.Default.Depth, FusionSettings.Default.MinimumSimilarity);
                if (round >= 5)
                {
                    nearest.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }

        Report("nearest by meaning alone", nearest);
        return Measure(mix, rounds, q => hybrid.Search(q.Request with { PageSize = 10 }, ResearchAudience.Staff).Total);
    }

    // Several searchers at once, as on a busy site: each of `threads` threads runs the mix `rounds` times (each thread
    // starting at another query), with each search split over the cores (one pass per part, in parallel) and with each
    // search in one pass on its own thread (as the site searches). The two are run in turn, `repeats` times each, so a
    // change in the machine's other load falls on both; the figures are the totals of all runs.
    private static void Concurrent(ResearchIndex index, Glossary glossary, List<MixQuery> mix, int threads, int rounds, int repeats)
    {
        var split = new ResearchSearcher(index, glossary, SearchTuning.Default) { CacheBrowsing = false, Parallelism = Environment.ProcessorCount };
        var whole = new ResearchSearcher(index, glossary, SearchTuning.Default) { CacheBrowsing = false, Parallelism = 1 };
        var parts = index.Search(s => SearchPass.SplitIntoParts(s.IndexReader, Environment.ProcessorCount).Count);
        Console.WriteLine($"Concurrent searchers: {threads} threads, {rounds} rounds of {mix.Count} queries each; a split search has {parts} parts; load average before: {LoadAverage()}");
        var results = new Dictionary<string, (List<double> Times, double Seconds, double CpuSeconds)>
        {
            ["split over the cores (Parallel.For)"] = ([], 0, 0),
            ["one pass on the request's thread"] = ([], 0, 0),
        };
        foreach (var (name, searcher) in new[] { ("split over the cores (Parallel.For)", split), ("one pass on the request's thread", whole) })
        {
            RunThreads(searcher, mix, threads, 3); // warm-up and JIT tiering
        }

        for (var repeat = 0; repeat < repeats; repeat++)
        {
            foreach (var (name, searcher) in new[] { ("split over the cores (Parallel.For)", split), ("one pass on the request's thread", whole) })
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var (times, seconds) = RunThreads(searcher, mix, threads, rounds);
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                var sofar = results[name];
                sofar.Times.AddRange(times);
                results[name] = (sofar.Times, sofar.Seconds + seconds, sofar.CpuSeconds + cpuSeconds);
                Console.WriteLine($"  run {repeat + 1}, {name,-38}: {times.Count / seconds,8:N0} queries/s, p50 {Percentile(times, 50),7:0.00} ms, p99 {Percentile(times, 99),7:0.00} ms, CPU {cpuSeconds * 1000 / times.Count,6:0.00} ms a query (load average {LoadAverage()})");
            }
        }

        // CPU time a query (all threads of the process) does not depend on what else the machine runs as wall time does:
        // once the searchers keep every core busy, throughput is the cores divided by it.
        foreach (var (name, (times, seconds, cpuSeconds)) in results)
        {
            Console.WriteLine($"{name,-38}: {times.Count / seconds,8:N0} queries/s, mean {times.Average():0.00} ms, p50 {Percentile(times, 50):0.00} ms, p99 {Percentile(times, 99):0.00} ms, CPU {cpuSeconds * 1000 / times.Count:0.00} ms a query");
        }

        var (splitTimes, splitSeconds, splitCpu) = results["split over the cores (Parallel.For)"];
        var (wholeTimes, wholeSeconds, wholeCpu) = results["one pass on the request's thread"];
        Console.WriteLine($"One pass / split: throughput {wholeTimes.Count / wholeSeconds / (splitTimes.Count / splitSeconds):0.00}x, p99 {Percentile(wholeTimes, 99) / Percentile(splitTimes, 99):0.00}x, CPU a query {wholeCpu / wholeTimes.Count / (splitCpu / splitTimes.Count):0.00}x; load average after: {LoadAverage()}");
    }

    private static (List<double> Times, double Seconds) RunThreads(ResearchSearcher searcher, List<MixQuery> mix, int threads, int rounds)
    {
        var times = new List<double>[threads];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var own = times[t] = new List<double>(rounds * mix.Count);
            for (var n = 0; n < rounds * mix.Count; n++)
            {
                var query = mix[(n + (t * 7)) % mix.Count];
                var start = Stopwatch.GetTimestamp();
                searcher.Search(query.Request with { PageSize = 10 }, ResearchAudience.Staff);
                own.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return (times.SelectMany(t => t).ToList(), clock.Elapsed.TotalSeconds);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record Measurement(List<double>[] PerQuery, List<double> All, int[] Hits);

    private static Measurement Measure(List<MixQuery> mix, int rounds, Func<MixQuery, int> run)
    {
        var per = mix.Select(_ => new List<double>()).ToArray();
        var hits = new int[mix.Count];
        for (var warm = 0; warm < 20; warm++)
        {
            for (var i = 0; i < mix.Count; i++)
            {
                hits[i] = run(mix[i]); // warm-up (and JIT tiering)
            }
        }

        var all = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            for (var i = 0; i < mix.Count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                run(mix[i]);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                per[i].Add(ms);
                all.Add(ms);
            }
        }

        return new Measurement(per, all, hits);
    }

    private static void Report(string name, List<double> times) =>
        Console.WriteLine($"{name,-7} {times.Count,6} queries: mean {times.Average():0.00} ms, p50 {Percentile(times, 50):0.00} ms, p95 {Percentile(times, 95):0.00} ms, p99 {Percentile(times, 99):0.00} ms, {1000 / times.Average():N0} queries/s on one thread");

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static long FolderSize(string path) => new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    /// <summary>The same library in SQLite FTS5: an items table, topic and KSS tables, and an FTS5 table with porter stemming.</summary>
    private static class Fts
    {
        public static void Load(SqliteConnection db, List<IndexedItem> corpus)
        {
            Execute(db, """
                CREATE TABLE items(id INTEGER PRIMARY KEY, title TEXT, authors TEXT, year INTEGER, type TEXT, access TEXT, evidence TEXT);
                CREATE TABLE item_topics(item_id INTEGER, topic TEXT);
                CREATE TABLE item_kss(item_id INTEGER, kss TEXT);
                CREATE VIRTUAL TABLE fts USING fts5(title, abstract, topics, body, authors, tokenize = 'porter unicode61 remove_diacritics 2');
                CREATE TEMP TABLE m(id INTEGER PRIMARY KEY);
                """);
            using var transaction = db.BeginTransaction();
            using var item = Command(db, "INSERT INTO items VALUES ($id, $title, $authors, $year, $type, $access, $evidence)", "$id", "$title", "$authors", "$year", "$type", "$access", "$evidence");
            using var text = Command(db, "INSERT INTO fts(rowid, title, abstract, topics, body, authors) VALUES ($id, $title, $abstract, $topics, $body, $authors)", "$id", "$title", "$abstract", "$topics", "$body", "$authors");
            using var topic = Command(db, "INSERT INTO item_topics VALUES ($id, $topic)", "$id", "$topic");
            using var kss = Command(db, "INSERT INTO item_kss VALUES ($id, $kss)", "$id", "$kss");
            for (var i = 0; i < corpus.Count; i++)
            {
                var c = corpus[i];
                Run(item, i + 1, c.Title, c.Authors, c.Year ?? 0, c.Type, c.Access, c.Evidence ?? "");
                Run(text, i + 1, c.Title, c.Abstract, string.Join(" ; ", c.Topics), c.Body, c.Authors);
                foreach (var t in c.Topics)
                {
                    Run(topic, i + 1, t);
                }

                foreach (var k in c.KssStatements)
                {
                    Run(kss, i + 1, k);
                }
            }

            transaction.Commit();
            Execute(db, "CREATE INDEX item_topics_topic ON item_topics(topic, item_id); CREATE INDEX item_topics_item ON item_topics(item_id); CREATE INDEX item_kss_item ON item_kss(item_id); INSERT INTO fts(fts) VALUES('optimize');");
        }

        public static int Search(SqliteConnection db, MixQuery query)
        {
            const string Visible = "i.access IN ('Public', 'Staff')";
            Execute(db, "DELETE FROM m");
            using (var fill = db.CreateCommand())
            {
                fill.CommandText = query.Match is null
                    ? $"INSERT INTO m SELECT i.id FROM items i WHERE {Visible} {query.Filter}"
                    : $"INSERT INTO m SELECT f.rowid FROM fts f JOIN items i ON i.id = f.rowid WHERE fts MATCH $q AND {Visible} {query.Filter}";
                fill.Parameters.AddWithValue("$q", query.Match ?? "");
                fill.ExecuteNonQuery();
            }

            var total = Convert.ToInt32(Scalar(db, "SELECT count(*) FROM m"), CultureInfo.InvariantCulture);
            foreach (var facet in new[]
            {
                "SELECT i.type, count(*) FROM m JOIN items i ON i.id = m.id GROUP BY i.type",
                "SELECT i.year, count(*) FROM m JOIN items i ON i.id = m.id GROUP BY i.year",
                "SELECT i.evidence, count(*) FROM m JOIN items i ON i.id = m.id GROUP BY i.evidence",
                "SELECT i.access, count(*) FROM m JOIN items i ON i.id = m.id GROUP BY i.access",
                "SELECT t.topic, count(*) FROM m JOIN item_topics t ON t.item_id = m.id GROUP BY t.topic",
                "SELECT k.kss, count(*) FROM m JOIN item_kss k ON k.item_id = m.id GROUP BY k.kss",
            })
            {
                Drain(db, facet, null);
            }

            if (query.Match is null)
            {
                Drain(db, "SELECT i.id, i.title FROM m JOIN items i ON i.id = m.id ORDER BY i.year DESC LIMIT 10", null);
            }
            else
            {
                Drain(db, $"""
                    SELECT f.rowid, highlight(fts, 0, '<mark>', '</mark>'), snippet(fts, -1, '<mark>', '</mark>', '…', 40), i.authors, i.year
                    FROM fts f JOIN items i ON i.id = f.rowid
                    WHERE fts MATCH $q AND {Visible} {query.Filter}
                    ORDER BY bm25(fts, 3.0, 2.0, 1.5, 1.0, 1.0) LIMIT 10
                    """, query.Match);
            }

            return total;
        }

        private static void Drain(SqliteConnection db, string sql, string? match)
        {
            using var command = db.CreateCommand();
            command.CommandText = sql;
            if (match is not null)
            {
                command.Parameters.AddWithValue("$q", match);
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    _ = reader.GetValue(i);
                }
            }
        }

        private static object? Scalar(SqliteConnection db, string sql)
        {
            using var command = db.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }

        private static void Execute(SqliteConnection db, string sql)
        {
            using var command = db.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static SqliteCommand Command(SqliteConnection db, string sql, params string[] names)
        {
            var command = db.CreateCommand();
            command.CommandText = sql;
            foreach (var name in names)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }

        private static void Run(SqliteCommand command, params object[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i];
            }

            command.ExecuteNonQuery();
        }
    }
}

/// <summary>
/// A deterministic library for benchmarks. Each item is about one to three topics: its words come from those topics'
/// vocabularies (Zipf-like within each), the field's general vocabulary, English connectives, glossary phrases and a
/// long tail of 30,000 rare words (names, places, programmes), so terms have realistic document frequencies.
/// Abstracts are about 160 words; a quarter of items hold full text of log-normal length (median 600 words).
/// </summary>
public static class SearchCorpus
{
    private static readonly (string Topic, string[] Words, string[] Phrases)[] Themes =
    [
        ("Child protection", Split("protection harm significant threshold strategy enquiry conference plan safeguarding risk police investigation core group"), ["child protection", "child protection plan", "section 47", "CP"]),
        ("Children in need", Split("need support services early help assessment family plan referral universal targeted thresholds"), ["child in need", "children in need", "CiN", "early help"]),
        ("Looked-after children", Split("care placement placements foster stability permanence residential corporate parenting carers moves"), ["looked after children", "children looked after", "LAC", "CLA"]),
        ("Domestic abuse", Split("domestic abuse violence perpetrator coercive control victim survivor refuge safety planning"), ["domestic abuse", "domestic violence", "DA", "coercive control"]),
        ("Neglect", Split("neglect cumulative chronic hygiene nutrition supervision home conditions chronology dental attendance"), ["neglect", "graded care profile"]),
        ("Exploitation", Split("exploitation criminal sexual county lines gangs missing trafficking grooming contextual online"), ["child sexual exploitation", "CSE", "CCE", "county lines", "contextual safeguarding"]),
        ("Family group conferences", Split("family group conference coordinator private time wider network kin meeting decision"), ["family group conference", "family group conferences", "FGC"]),
        ("Direct work with children", Split("direct work play life story voice wishes feelings communication tools drawing"), ["direct work", "life story work"]),
        ("Supervision", Split("supervision supervisor reflective reflection group case discussion manager wellbeing burnout"), ["reflective supervision", "group supervision"]),
        ("Adolescents", Split("adolescents adolescent young people teenagers transitions peer school exclusion identity"), ["young people", "transitional safeguarding"]),
        ("Care leavers", Split("leavers leaving housing pathway personal adviser independence employment education staying"), ["care leavers", "staying put"]),
        ("Kinship care", Split("kinship grandparents relatives special guardianship connected persons family friends"), ["special guardianship order", "SGO", "kinship care"]),
        ("Court and the public law outline", Split("court proceedings legal order judge letter parents public law expert timescales"), ["public law outline", "PLO", "pre-proceedings"]),
        ("Parental mental health", Split("mental health parental depression anxiety psychiatric adult services postnatal"), ["parental mental health", "adult mental health"]),
        ("Substance misuse", Split("substance misuse alcohol drugs addiction treatment recovery testing"), ["substance misuse", "parental substance misuse"]),
    ];

    private static readonly string[] FieldWords = Split("""
        child children family families parent parents practice practitioner practitioners social worker workers assessment
        assessing assess outcomes evidence research review evaluation study studies findings interviews survey qualitative
        quantitative trial cohort programme intervention interventions service services support relationship relationships
        relational model models approach approaches strengths based systemic motivational interviewing restorative signs
        safety partnership multi agency working information sharing duty caseload workload retention recruitment workforce
        training learning development knowledge skills statements accreditation observation feedback analysis judgement
        decision making bias curiosity authority respectful uncertainty hypotheses history genogram visit visits engagement
        resistance hostility disguised compliance infant infants baby babies toddler unborn pregnancy fathers mothers
        siblings contact reunification return rehabilitation trauma attachment culture identity ethnicity racism equality
        diversity rights participation disability disabled autism poverty school education health wellbeing leadership
        """);

    private static readonly string[] Connectives = Split("the of and to in a for with on that is was are were by as from at this these their which be or how what when");

    private static readonly string[] Surnames = Split("Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Khan Ahmed Ali Munro Ferguson Featherstone Ruch Trevithick Holmes");

    private static readonly (string Type, double Weight)[] Types = [("JournalArticle", 0.35), ("ResearchReview", 0.15), ("PracticeGuide", 0.15), ("Evaluation", 0.12), ("Briefing", 0.13), ("PodcastOrVideo", 0.05), ("Other", 0.05)];

    /// <summary>Generates the corpus (the same for the same size and seed).</summary>
    public static List<IndexedItem> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var rare = RareWords(30_000, new Random(seed + 1));
        var fieldZipf = Zipf(FieldWords.Length);
        var themeZipf = Themes.Select(t => Zipf(t.Words.Length)).ToArray();
        var rareZipf = Zipf(rare.Length);
        var items = new List<IndexedItem>(count);
        var text = new StringBuilder(65_536);
        for (var n = 0; n < count; n++)
        {
            var themes = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => random.Next(Themes.Length)).Distinct().ToArray();
            string Words(int length, bool sentences)
            {
                text.Clear();
                var sentence = 0;
                for (var w = 0; w < length; w++)
                {
                    if (w > 0)
                    {
                        text.Append(' ');
                    }

                    var theme = themes[random.Next(themes.Length)];
                    var roll = random.NextDouble();
                    var word = roll switch
                    {
                        < 0.03 => Themes[theme].Phrases[random.Next(Themes[theme].Phrases.Length)],
                        < 0.35 => Connectives[random.Next(Connectives.Length)],
                        < 0.65 => Themes[theme].Words[Pick(themeZipf[theme], random)],
                        < 0.96 => FieldWords[Pick(fieldZipf, random)],
                        _ => rare[Pick(rareZipf, random)],
                    };
                    text.Append(sentence == 0 && sentences ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                    if (sentences && ++sentence >= 8 + random.Next(14))
                    {
                        text.Append('.');
                        sentence = 0;
                    }
                }

                return text.ToString();
            }

            var title = Words(5 + random.Next(10), false);
            title = char.ToUpperInvariant(title[0]) + title[1..];
            var abstractText = Words(Math.Clamp((int)Normal(random, 160, 50), 40, 400), true);
            var body = random.NextDouble() < 0.25 ? Words(Math.Clamp((int)Math.Exp(Normal(random, Math.Log(600), 0.8)), 100, 8000), true) : "";
            var authors = string.Join("; ", Enumerable.Range(0, 1 + random.Next(4)).Select(_ => $"{Surnames[random.Next(Surnames.Length)]}, {(char)('A' + random.Next(26))}."));
            var year = 2026 - (int)Math.Min(30, Math.Abs(Normal(random, 0, 9)));
            var topics = themes.Select(t => Themes[t].Topic).ToList();
            var kss = Enumerable.Range(0, random.Next(3)).Select(_ => $"{(random.Next(2) == 0 ? "PL" : "PS")}-{1 + random.Next(10)}").Distinct().ToList();
            var evidence = random.NextDouble() switch { < 0.15 => "Strong", < 0.40 => "Moderate", < 0.65 => "Emerging", < 0.85 => "Practice knowledge", _ => null };
            var access = random.NextDouble() switch { < 0.60 => "Public", < 0.95 => "Staff", _ => "Restricted" };
            var type = Types[PickWeighted(random)].Type;
            var id = new Guid(n + 1, 0, 0, new byte[8]);
            items.Add(new IndexedItem(id, title, authors, year, "Benchmark Press", type, abstractText, body, topics, kss, evidence, access, "", "", new DateTime(year, 6, 1, 0, 0, 0, DateTimeKind.Utc).Ticks + n));
        }

        return items;
    }

    /// <summary>Words in an item's text fields.</summary>
    public static int WordCount(IndexedItem item) => Count(item.Title) + Count(item.Abstract) + Count(item.Body);

    private static int Count(string text) => text.Length == 0 ? 0 : text.Count(c => c == ' ') + 1;

    private static string[] Split(string words) => words.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    // Pronounceable made-up words, standing in for names of places, programmes and rarer vocabulary.
    private static string[] RareWords(int count, Random random)
    {
        const string consonants = "bcdfghjklmnprstvwz";
        const string vowels = "aeiou";
        var words = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        while (words.Count < count)
        {
            word.Clear();
            for (var syllable = 0; syllable < 2 + random.Next(3); syllable++)
            {
                word.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
            }

            words.Add(word.ToString());
        }

        return [.. words];
    }

    // Cumulative Zipf-like weights (the k-th word weighs 1/(k+1)^0.9), normalised to 1.
    private static double[] Zipf(int length)
    {
        var cumulative = new double[length];
        double sum = 0;
        for (var k = 0; k < length; k++)
        {
            sum += 1 / Math.Pow(k + 1, 0.9);
            cumulative[k] = sum;
        }

        for (var k = 0; k < length; k++)
        {
            cumulative[k] /= sum;
        }

        return cumulative;
    }

    private static int Pick(double[] cumulative, Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return index < 0 ? Math.Min(~index, cumulative.Length - 1) : index;
    }

    private static int PickWeighted(Random random)
    {
        var roll = random.NextDouble();
        for (var i = 0; i < Types.Length; i++)
        {
            roll -= Types[i].Weight;
            if (roll <= 0)
            {
                return i;
            }
        }

        return Types.Length - 1;
    }

    private static double Normal(Random random, double mean, double deviation) =>
        mean + (deviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
