using System.Diagnostics;
using Accreditation.Core.Modules;
using Accreditation.Research.Indexing;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;

namespace Accreditation.Research.Semantic;

/// <summary>
/// Fills in the items' sentence embeddings behind the index: each round reads every indexed item's key and text hash
/// from the index's doc values, forgets the vectors of items gone, and embeds a batch of the items that are new or
/// changed (title and abstract, and passages of a long full text). A rebuild of the index is therefore never held up by
/// the model: search ranks by words alone for the items not embedded yet.
/// </summary>
public sealed class EmbeddingWorker(ResearchIndex index, SemanticModel model, ILogger<EmbeddingWorker> logger) : IBackgroundTask, IDisposable
{
    /// <summary>Every node keeps its own copy of the index, so every node follows the changes.</summary>
    public bool EveryNode => true;

    /// <summary>Items embedded per round (a few seconds of one core).</summary>
    public const int BatchSize = 64;

    /// <summary>Passages of a full text embedded besides the title and abstract.</summary>
    public const int MaxPassages = 3;

    /// <summary>Words in a passage of a full text.</summary>
    public const int PassageWords = 150;

    private static readonly TimeSpan SaveEvery = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Stopwatch sinceSave = Stopwatch.StartNew();
    private bool unsaved;

    /// <inheritdoc />
    public TimeSpan Interval => TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        await Task.Run(() => RunOnce(BatchSize, ct), ct);

    /// <summary>One round: embeds up to <paramref name="max"/> items; returns how many are still to do.</summary>
    public int RunOnce(int max = BatchSize, CancellationToken ct = default)
    {
        if (model.Embedder is not { } embedder)
        {
            return 0;
        }

        gate.Wait(ct);
        try
        {
            index.EnsureOpen();
            var store = index.Vectors;
            var had = store.Hashes();
            var (current, todo) = index.Search(searcher =>
            {
                var all = new Dictionary<string, ulong>(StringComparer.Ordinal);
                var wanted = new List<(string Key, ulong Hash, string Title, string Abstract, string Body)>();
                var bytes = new BytesRef();
                foreach (var leaf in searcher.IndexReader.Leaves)
                {
                    var reader = leaf.AtomicReader;
                    var keys = reader.GetSortedDocValues(IndexFields.Id);
                    var hashes = reader.GetNumericDocValues(IndexFields.TextHash);
                    if (keys is null || hashes is null)
                    {
                        continue; // an index of an earlier format: its rebuild is on the way
                    }

                    var live = reader.LiveDocs;
                    for (var doc = 0; doc < reader.MaxDoc; doc++)
                    {
                        if (live is not null && !live.Get(doc))
                        {
                            continue;
                        }

                        keys.Get(doc, bytes);
                        var key = bytes.Utf8ToString();
                        var hash = (ulong)hashes.Get(doc);
                        all[key] = hash;
                        if (wanted.Count < max && (!had.TryGetValue(key, out var old) || old != hash))
                        {
                            var stored = reader.Document(doc);
                            wanted.Add((key, hash, stored.Get(IndexFields.Title) ?? "", stored.Get(IndexFields.Abstract) ?? "", stored.Get(IndexFields.Body) ?? ""));
                        }
                    }
                }

                return (all, wanted);
            });

            foreach (var gone in had.Keys.Where(k => !current.ContainsKey(k)))
            {
                store.Remove(gone);
                unsaved = true;
            }

            if (todo.Count > 0)
            {
                var texts = new List<string>();
                var owners = new List<int>();
                for (var i = 0; i < todo.Count; i++)
                {
                    foreach (var text in TextsOf(todo[i].Title, todo[i].Abstract, todo[i].Body))
                    {
                        texts.Add(text);
                        owners.Add(i);
                    }
                }

                ct.ThrowIfCancellationRequested();
                var vectors = embedder.Embed(texts);
                for (var i = 0; i < todo.Count; i++)
                {
                    var mine = Enumerable.Range(0, vectors.Length).Where(v => owners[v] == i).Select(v => vectors[v]).ToList();
                    store.Set(todo[i].Key, todo[i].Hash, mine);
                }

                unsaved = true;
            }

            var remaining = current.Count(p => !had.TryGetValue(p.Key, out var h) || h != p.Value) - todo.Count;
            if (unsaved && (remaining <= 0 || sinceSave.Elapsed >= SaveEvery))
            {
                store.Save();
                unsaved = false;
                sinceSave.Restart();
                logger.LogInformation("Research embeddings saved: {Count} items, {Remaining} still to embed.", store.Count, Math.Max(0, remaining));
            }

            return Math.Max(0, remaining);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>What is embedded of an item: its title and abstract (or the start of its full text), then passages of a long full text.</summary>
    public static IEnumerable<string> TextsOf(string title, string @abstract, string body)
    {
        var words = body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var lead = @abstract.Length > 0 ? @abstract : string.Join(' ', words.Take(PassageWords));
        yield return string.IsNullOrWhiteSpace(title) ? lead : $"{title}. {lead}";
        // A full text barely longer than its abstract adds little beyond it: passages only of long ones.
        var start = @abstract.Length > 0 ? (words.Length >= 2 * PassageWords ? 0 : words.Length) : PassageWords;
        for (var p = 0; p < MaxPassages && start + 20 < words.Length; p++, start += PassageWords)
        {
            yield return string.Join(' ', words.Skip(start).Take(PassageWords));
        }
    }
}
