using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Accreditation.Research.Indexing;

/// <summary>How the index ranks: BM25 parameters (search time only, no re-index needed).</summary>
public sealed record RankingSettings(float K1 = 1.2f, float B = 0.75f)
{
    /// <summary>The similarity for these settings.</summary>
    public Similarity CreateSimilarity() => new BM25Similarity(K1, B);
}

/// <summary>
/// One node's Lucene index of the research library: a single writer, near-real-time searchers (SearcherManager with
/// MaybeRefresh) and, in a file beside the index, the id of the last index task applied. A missing, unreadable or
/// checkpoint-less index is replaced by an empty one flagged <see cref="NeedsRebuild"/>; rebuilds are written to a
/// staging folder, committed per batch (so they resume after a stop) and swapped in at the end.
/// </summary>
public sealed class ResearchIndex : IDisposable
{
    private readonly object gate = new();
    private readonly ReaderWriterLockSlim swap = new(LockRecursionPolicy.SupportsRecursion);
    private FSDirectory? directory;
    private IndexWriter? writer;
    // Set last when the index opens (after the writer) and cleared when it closes: "open" means this is set. Volatile, as
    // EnsureOpen reads it without the lock.
    private volatile SearcherManager? searchers;
    private bool disposed;

    // Segments name the codec that wrote them; it must be known to Lucene before any index is read.
    static ResearchIndex() => _ = ResearchCodec.Instance;

    /// <summary>Creates the index at <paramref name="path"/> (opened on first use).</summary>
    public ResearchIndex(string path, RankingSettings? ranking = null, EnglishStemmer stemmer = ResearchAnalyzer.DefaultStemmer)
    {
        Path = System.IO.Path.GetFullPath(path);
        Ranking = ranking ?? new RankingSettings();
        Similarity = Ranking.CreateSimilarity();
        Analyzer = new ResearchAnalyzer(stemmer);
        Plain = new PlainAnalyzer();
        Pairs = new PairsAnalyzer(Analyzer);
        Writing = FieldAnalyzers.Create(Analyzer, Plain, Pairs);
        vectors = new Lazy<Semantic.VectorStore>(() =>
        {
            var store = new Semantic.VectorStore(Path + ".vectors");
            store.Load();
            return store;
        });
    }

    private readonly Lazy<Semantic.VectorStore> vectors;

    /// <summary>
    /// The items' sentence embeddings, in a file beside the index (read on first use). They are keyed by item and by
    /// the hash of the text they were made from, so a rebuild keeps those of unchanged items and the embedding worker
    /// redoes the rest.
    /// </summary>
    public Semantic.VectorStore Vectors => vectors.Value;

    /// <summary>The index folder.</summary>
    public string Path { get; }

    /// <summary>The file beside the index holding the last applied task id and when it was applied.</summary>
    public string CheckpointPath => Path + ".checkpoint";

    /// <summary>The staging folder a rebuild writes to.</summary>
    public string StagingPath => Path + ".rebuilding";

    /// <summary>BM25 parameters.</summary>
    public RankingSettings Ranking { get; }

    /// <summary>The similarity used to write norms and to score.</summary>
    public Similarity Similarity { get; }

    /// <summary>The text analyzer (title, abstract, topics, body and queries on them).</summary>
    public ResearchAnalyzer Analyzer { get; }

    /// <summary>The plain analyzer (authors, spelling).</summary>
    public PlainAnalyzer Plain { get; }

    /// <summary>The pairs analyzer (the pairs fields phrases are searched by).</summary>
    public PairsAnalyzer Pairs { get; }

    /// <summary>
    /// What the index's documents hold, by the version of this code that wrote them: 2 added the full text's pairs
    /// field; 3 added the pairs of the title, abstract and topics, one value per topic, and dropped offsets from the
    /// postings and positions from the words fields (phrases are matched by the pairs fields' positions); 4 added doc values of
    /// the id and of the text's hash, which the embedding worker reads to find what it has still to embed. An index of an earlier format is searched as it is (phrases by positions where it has no pairs) until
    /// the rebuild it asks for is in place.
    /// </summary>
    public const int CurrentFormat = 4;

    /// <summary>The format of the documents in the live index.</summary>
    public int Format { get; private set; } = CurrentFormat;

    /// <summary>
    /// The text fields whose pairs the live index holds (phrases in the others are searched by positions), read from
    /// the index itself rather than from its checkpoint's format, so a search never asks a field for what it lacks.
    /// </summary>
    public IReadOnlyList<string> PairedFields => Search(searcher => IndexFields.Paired
        .Where(text => searcher.IndexReader.Leaves.Any(leaf => leaf.AtomicReader.FieldInfos.FieldInfo(IndexFields.PairsOf(text)) is not null))
        .ToList());

    /// <summary>The per-field analyzer the writer uses.</summary>
    public Analyzer Writing { get; }

    /// <summary>Whether the index must be rebuilt from the database (it was missing, unreadable or had no checkpoint).</summary>
    public bool NeedsRebuild { get; private set; }

    /// <summary>Why the index needs a rebuild, for the log and the admin page.</summary>
    public string? RebuildReason { get; private set; }

    /// <summary>Whether someone asked for a rebuild (admin page); the worker does it on its next run.</summary>
    public bool RebuildRequested { get; private set; }

    /// <summary>The id of the last index task applied.</summary>
    public long Checkpoint { get; private set; }

    /// <summary>When the index last applied changes.</summary>
    public DateTimeOffset? LastIndexedAt { get; private set; }

    /// <summary>Opens the index if it is not open yet; replaces a missing or unreadable one with an empty one to rebuild.</summary>
    public void EnsureOpen()
    {
        if (searchers is not null)
        {
            return;
        }

        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (searchers is null)
            {
                CloseCore(); // anything an opening that failed half-way left
                OpenCore();
            }
        }
    }

    /// <summary>Asks for a rebuild; the worker does it on its next run.</summary>
    public void RequestRebuild() => RebuildRequested = true;

    /// <summary>Adds or replaces an item's document.</summary>
    public void Upsert(IndexedItem item)
    {
        EnsureOpen();
        writer!.UpdateDocument(new Term(IndexFields.Id, IndexedItem.Key(item.Id)), item.ToDocument(Analyzer));
    }

    /// <summary>Removes an item's document, if any.</summary>
    public void Delete(Guid id)
    {
        EnsureOpen();
        writer!.DeleteDocuments(new Term(IndexFields.Id, IndexedItem.Key(id)));
    }

    /// <summary>Commits the changes, records the checkpoint beside the index and refreshes the searchers.</summary>
    public void Commit(long checkpoint, DateTimeOffset at)
    {
        EnsureOpen();
        writer!.Commit();
        WriteCheckpoint(checkpoint, at);
        searchers!.MaybeRefresh();
    }

    /// <summary>Runs a search on the current near-real-time searcher.</summary>
    public T Search<T>(Func<IndexSearcher, T> work)
    {
        while (true)
        {
            EnsureOpen();
            swap.EnterReadLock();
            try
            {
                // Closed between opening and the read lock (Close, or a rebuild swapped in): open it again.
                if (searchers is not { } manager)
                {
                    continue;
                }

                var searcher = manager.Acquire();
                try
                {
                    return work(searcher);
                }
                finally
                {
                    manager.Release(searcher);
                }
            }
            finally
            {
                swap.ExitReadLock();
            }
        }
    }

    /// <summary>How many items the index holds.</summary>
    public int Count => Search(s => s.IndexReader.NumDocs);

    /// <summary>
    /// Starts (or resumes) a rebuild into the staging folder. <paramref name="startTask"/> is the last index task id
    /// when the rebuild starts; a resumed rebuild keeps the one it started with.
    /// </summary>
    public IndexRebuild BeginRebuild(long startTask) => new(this, startTask);

    /// <summary>Swaps a finished rebuild in place of the live index.</summary>
    internal void CompleteRebuild(string staging, long checkpoint, DateTimeOffset at)
    {
        lock (gate)
        {
            swap.EnterWriteLock();
            try
            {
                CloseCore();
                var old = Path + ".old";
                if (System.IO.Directory.Exists(old))
                {
                    System.IO.Directory.Delete(old, recursive: true);
                }

                if (System.IO.Directory.Exists(Path))
                {
                    System.IO.Directory.Move(Path, old);
                }

                System.IO.Directory.Move(staging, Path);
                if (System.IO.Directory.Exists(old))
                {
                    System.IO.Directory.Delete(old, recursive: true);
                }

                Format = CurrentFormat;
                WriteCheckpoint(checkpoint, at);
                OpenCore();
                NeedsRebuild = false;
                RebuildReason = null;
                RebuildRequested = false;
            }
            finally
            {
                swap.ExitWriteLock();
            }
        }
    }

    /// <summary>Closes the index (releasing its lock); the next use opens it again.</summary>
    public void Close()
    {
        lock (gate)
        {
            swap.EnterWriteLock();
            try
            {
                CloseCore();
            }
            finally
            {
                swap.ExitWriteLock();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            CloseCore();
        }

        swap.Dispose();
        if (vectors.IsValueCreated)
        {
            vectors.Value.Dispose();
        }

        Writing.Dispose();
        Pairs.Dispose();
        Analyzer.Dispose();
        Plain.Dispose();
    }

    internal IndexWriterConfig WriterConfig(OpenMode mode, double ramBufferMb = 64, bool compoundFiles = true) => new(ResearchAnalyzer.Version, Writing)
    {
        OpenMode = mode,
        Codec = ResearchCodec.Instance,
        Similarity = Similarity,
        RAMBufferSizeMB = ramBufferMb,
        // A rebuild writes large segments: packing each new one into a compound file would copy it once more.
        UseCompoundFile = compoundFiles,
    };

    private void OpenCore()
    {
        System.IO.Directory.CreateDirectory(Path);
        directory = FSDirectory.Open(Path);
        try
        {
            if (!DirectoryReader.IndexExists(directory))
            {
                CreateEmpty("the index folder held no index");
                return;
            }

            writer = new IndexWriter(directory, WriterConfig(OpenMode.APPEND));
            searchers = new SearcherManager(writer, true, new RankedSearcherFactory(Similarity));
            if (!ReadCheckpoint())
            {
                NeedsRebuild = true;
                RebuildReason = "the index had no checkpoint";
            }
            else if (Format < CurrentFormat)
            {
                NeedsRebuild = true;
                RebuildReason = $"the index was written in format {Format.ToString(CultureInfo.InvariantCulture)}, and this version searches format {CurrentFormat.ToString(CultureInfo.InvariantCulture)}";
            }
        }
        catch (Exception ex) when (ex is not LockObtainFailedException && ex is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or InvalidOperationException or ArgumentException)
        {
            // An unreadable index is rebuilt from the database rather than taking the site down.
            CloseCore();
            System.IO.Directory.Delete(Path, recursive: true);
            System.IO.Directory.CreateDirectory(Path);
            directory = FSDirectory.Open(Path);
            CreateEmpty($"the index could not be read ({ex.GetType().Name})");
        }
    }

    private void CreateEmpty(string reason)
    {
        writer = new IndexWriter(directory, WriterConfig(OpenMode.CREATE));
        writer.Commit();
        searchers = new SearcherManager(writer, true, new RankedSearcherFactory(Similarity));
        Checkpoint = 0;
        LastIndexedAt = null;
        Format = CurrentFormat;
        if (File.Exists(CheckpointPath))
        {
            File.Delete(CheckpointPath);
        }

        NeedsRebuild = true;
        RebuildReason = reason;
    }

    private void CloseCore()
    {
        searchers?.Dispose();
        searchers = null;
        writer?.Dispose();
        writer = null;
        directory?.Dispose();
        directory = null;
    }

    private bool ReadCheckpoint()
    {
        if (!File.Exists(CheckpointPath))
        {
            return false;
        }

        var lines = File.ReadAllLines(CheckpointPath);
        if (lines.Length < 2 || !long.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ||
            !DateTimeOffset.TryParse(lines[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
        {
            return false;
        }

        Checkpoint = id;
        LastIndexedAt = at;
        Format = lines.Length > 2 && lines[2].StartsWith("format ", StringComparison.Ordinal) &&
            int.TryParse(lines[2]["format ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var format) ? format : 1;
        return true;
    }

    private void WriteCheckpoint(long checkpoint, DateTimeOffset at)
    {
        var temp = CheckpointPath + ".tmp";
        File.WriteAllText(temp, $"{checkpoint.ToString(CultureInfo.InvariantCulture)}\n{at.ToString("O", CultureInfo.InvariantCulture)}\nformat {Format.ToString(CultureInfo.InvariantCulture)}\n");
        File.Move(temp, CheckpointPath, overwrite: true);
        Checkpoint = checkpoint;
        LastIndexedAt = at;
    }

    private sealed class RankedSearcherFactory(Similarity similarity) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = similarity };
    }
}

/// <summary>
/// A rebuild in progress: documents go to the staging folder, each batch is committed with where it got to, so a
/// stopped rebuild resumes after the last committed batch; <see cref="Complete"/> swaps it in.
/// </summary>
public sealed class IndexRebuild : IDisposable
{
    private const string StartTaskKey = "startTask";
    private const string AfterKey = "after";
    private const string CountKey = "count";
    private const string FormatKey = "format";
    private readonly ResearchIndex index;
    private readonly FSDirectory directory;
    private IndexWriter? writer;

    internal IndexRebuild(ResearchIndex index, long startTask)
    {
        this.index = index;
        System.IO.Directory.CreateDirectory(index.StagingPath);
        directory = FSDirectory.Open(index.StagingPath);
        StartTask = startTask;
        var resumable = false;
        try
        {
            if (DirectoryReader.IndexExists(directory))
            {
                var commit = DirectoryReader.ListCommits(directory).Last();
                // A rebuild stopped by an earlier version of this code, writing another format, starts again.
                if (commit.UserData.TryGetValue(StartTaskKey, out var start) && long.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var startId) &&
                    commit.UserData.TryGetValue(FormatKey, out var format) && format == ResearchIndex.CurrentFormat.ToString(CultureInfo.InvariantCulture))
                {
                    StartTask = startId;
                    After = commit.UserData.TryGetValue(AfterKey, out var after) && after.Length > 0 ? after : null;
                    Added = commit.UserData.TryGetValue(CountKey, out var count) && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                    resumable = true;
                }
            }
        }
        catch (IOException)
        {
            resumable = false;
        }

        Resumed = resumable && After is not null;
        writer = new IndexWriter(directory, index.WriterConfig(resumable ? OpenMode.APPEND : OpenMode.CREATE, ramBufferMb: 256, compoundFiles: false));
        if (!resumable)
        {
            StartTask = startTask;
            After = null;
            Added = 0;
        }
    }

    /// <summary>The last index task id when the rebuild started; tasks after it are applied once it is swapped in.</summary>
    public long StartTask { get; private set; }

    /// <summary>The key of the last item of the last committed batch (null: from the beginning).</summary>
    public string? After { get; private set; }

    /// <summary>Whether this continues a rebuild that was stopped.</summary>
    public bool Resumed { get; }

    /// <summary>Documents committed so far.</summary>
    public int Added { get; private set; }

    /// <summary>
    /// Adds one batch of items (analysed in parallel over the cores, one writer) and, unless <paramref name="commit"/>
    /// is false, commits with the key of its last item (a stopped rebuild resumes after the last commit).
    /// </summary>
    public void AddBatch(IReadOnlyList<IndexedItem> items, string lastKey, int parallelism = 0, bool commit = true)
    {
        var w = writer ?? throw new ObjectDisposedException(nameof(IndexRebuild));
        var degree = parallelism > 0 ? parallelism : Environment.ProcessorCount;
        if (degree <= 1 || items.Count < 64)
        {
            foreach (var item in items)
            {
                w.AddDocument(item.ToDocument(index.Analyzer));
            }
        }
        else
        {
            Parallel.ForEach(items, new ParallelOptions { MaxDegreeOfParallelism = degree }, item => w.AddDocument(item.ToDocument(index.Analyzer)));
        }

        Added += items.Count;
        if (!commit)
        {
            return;
        }

        After = lastKey;
        w.SetCommitData(new Dictionary<string, string>
        {
            [StartTaskKey] = StartTask.ToString(CultureInfo.InvariantCulture),
            [AfterKey] = lastKey,
            [CountKey] = Added.ToString(CultureInfo.InvariantCulture),
            [FormatKey] = ResearchIndex.CurrentFormat.ToString(CultureInfo.InvariantCulture),
        });
        w.Commit();
    }

    /// <summary>Finishes: swaps the rebuilt index in and records <see cref="StartTask"/> as its checkpoint.</summary>
    public void Complete(DateTimeOffset at)
    {
        var w = writer ?? throw new ObjectDisposedException(nameof(IndexRebuild));
        w.SetCommitData(new Dictionary<string, string>());
        w.Commit();
        w.Dispose();
        writer = null;
        directory.Dispose();
        index.CompleteRebuild(index.StagingPath, StartTask, at);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        writer?.Dispose();
        writer = null;
        directory.Dispose();
    }
}
