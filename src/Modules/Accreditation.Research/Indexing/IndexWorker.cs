using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Research.Library;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accreditation.Research.Indexing;

/// <summary>
/// Keeps this node's index in step with the database: rebuilds it when it is missing, unreadable or a rebuild was
/// asked for, then applies the index tasks after its checkpoint. Tasks are idempotent (each re-reads the item's
/// current state), so applying one twice is harmless.
/// </summary>
public sealed class IndexWorker(ResearchIndex index, TimeProvider clock, ILogger<IndexWorker> logger) : IBackgroundTask, IDisposable
{
    /// <summary>Every node keeps its own copy of the index, so every node follows the changes.</summary>
    public bool EveryNode => true;

    /// <summary>Items read from the database at a time during a rebuild.</summary>
    public const int RebuildBatchSize = 1000;

    /// <summary>
    /// Items between commits of a rebuild (a stopped rebuild resumes after the last commit). Each commit flushes what
    /// the writer holds, on one thread, into segments whose term dictionaries repeat most of each other's terms (word
    /// pairs above all): committing every batch made rebuilds far slower, and every 100,000 items instead of every
    /// 50,000 took a rebuild of 200,000 items from 58.6-59.3 s to 53.1-54.9 s on two cores.
    /// </summary>
    public const int RebuildCommitEvery = 100_000;

    /// <summary>
    /// How long a transaction may take to commit after writing its task. On PostgreSQL a task id can become visible
    /// after a higher one; recent tasks at or below the checkpoint that this node has not seen are applied too.
    /// </summary>
    public static readonly TimeSpan CommitGrace = TimeSpan.FromMinutes(2);

    private const int TaskBatchSize = 1000;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<long, DateTimeOffset> recentlyApplied = [];

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();

    /// <summary>
    /// Each node looks for new index tasks every second (one indexed query), so an item saved through any node is
    /// found on every node within about two seconds.
    /// </summary>
    public TimeSpan Interval => TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct) => await RunOnceAsync(services, ct: ct);

    /// <summary>One round: rebuild if needed, then apply pending tasks. Returns the number of tasks applied.</summary>
    public async Task<int> RunOnceAsync(IServiceProvider services, Action<string>? progress = null, CancellationToken ct = default)
    {
        await gate.WaitAsync(ct);
        try
        {
            index.EnsureOpen();
            var db = services.GetRequiredService<AccreditationDbContext>();
            if (!index.NeedsRebuild && !index.RebuildRequested &&
                await db.Set<IndexTask>().MinAsync(t => (long?)t.Id, ct) is { } oldest && index.Checkpoint + 1 < oldest)
            {
                // Tasks after this node's checkpoint were pruned (it was away longer than they are kept): start again.
                logger.LogInformation("The research index is behind the oldest index task kept ({Checkpoint} < {Oldest}); it will be rebuilt.", index.Checkpoint, oldest);
                index.RequestRebuild();
            }

            if (index.NeedsRebuild || index.RebuildRequested)
            {
                await RebuildAsync(db, progress, ct);
            }

            return await ApplyTasksAsync(db, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RebuildAsync(AccreditationDbContext db, Action<string>? progress, CancellationToken ct)
    {
        logger.LogInformation("Rebuilding the research index: {Reason}.", index.RebuildReason ?? "asked for");
        var startTask = await db.Set<IndexTask>().MaxAsync(t => (long?)t.Id, ct) ?? 0;
        using var rebuild = index.BeginRebuild(startTask);
        var ids = (await db.Set<ResearchItem>().AsNoTracking().Where(i => i.IsPublished).Select(i => i.Id).ToListAsync(ct))
            .Order()
            .ToList();
        var start = 0;
        if (rebuild.After is { } after && Guid.TryParseExact(after, "N", out var afterId))
        {
            start = ids.FindIndex(id => id.CompareTo(afterId) > 0);
            start = start < 0 ? ids.Count : start;
            progress?.Invoke($"Resuming after {rebuild.Added} items already indexed.");
        }

        for (var offset = start; offset < ids.Count; offset += RebuildBatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var batchIds = ids.Skip(offset).Take(RebuildBatchSize).ToList();
            var items = await LoadAsync(db, batchIds, ct);
            var documents = batchIds.Where(items.ContainsKey).Select(id => IndexedItem.From(items[id])).ToList();
            var last = offset + RebuildBatchSize >= ids.Count;
            rebuild.AddBatch(documents, IndexedItem.Key(batchIds[^1]), commit: last || (offset - start + RebuildBatchSize) % RebuildCommitEvery == 0);
            progress?.Invoke($"Indexed {rebuild.Added} of about {ids.Count} items.");
        }

        rebuild.Complete(clock.GetUtcNow());
        recentlyApplied.Clear();
        logger.LogInformation("Research index rebuilt with {Count} items.", rebuild.Added);
    }

    private async Task<int> ApplyTasksAsync(AccreditationDbContext db, CancellationToken ct)
    {
        var applied = 0;
        var now = clock.GetUtcNow();
        var horizon = now - CommitGrace;
        foreach (var (id, at) in recentlyApplied.Where(p => p.Value < horizon).ToList())
        {
            recentlyApplied.Remove(id);
        }

        // Tasks that committed late, below the checkpoint, and have not been applied here.
        var checkpoint = index.Checkpoint;
        var late = (await db.Set<IndexTask>().AsNoTracking()
                .Where(t => t.Id <= checkpoint && t.CreatedAt >= horizon)
                .OrderBy(t => t.Id).Take(TaskBatchSize).ToListAsync(ct))
            .Where(t => !recentlyApplied.ContainsKey(t.Id))
            .ToList();
        if (late.Count > 0)
        {
            await ApplyAsync(db, late, checkpoint, ct);
            applied += late.Count;
        }

        while (true)
        {
            checkpoint = index.Checkpoint;
            var tasks = await db.Set<IndexTask>().AsNoTracking()
                .Where(t => t.Id > checkpoint)
                .OrderBy(t => t.Id).Take(TaskBatchSize).ToListAsync(ct);
            if (tasks.Count == 0)
            {
                return applied;
            }

            await ApplyAsync(db, tasks, tasks[^1].Id, ct);
            applied += tasks.Count;
            if (tasks.Count < TaskBatchSize)
            {
                return applied;
            }
        }
    }

    private async Task ApplyAsync(AccreditationDbContext db, IReadOnlyList<IndexTask> tasks, long checkpoint, CancellationToken ct)
    {
        var ids = tasks.Select(t => t.ItemId).Distinct().ToList();
        var items = await LoadAsync(db, ids, ct);
        foreach (var id in ids)
        {
            if (items.TryGetValue(id, out var item) && item.IsPublished)
            {
                index.Upsert(IndexedItem.From(item));
            }
            else
            {
                index.Delete(id);
            }
        }

        index.Commit(checkpoint, clock.GetUtcNow());
        foreach (var task in tasks)
        {
            recentlyApplied[task.Id] = task.CreatedAt;
        }
    }

    private static async Task<Dictionary<Guid, ResearchItem>> LoadAsync(AccreditationDbContext db, IReadOnlyList<Guid> ids, CancellationToken ct) =>
        await db.Set<ResearchItem>().AsNoTracking()
            .Include(i => i.Topics)
            .Include(i => i.EvidenceLevel)
            .Where(i => ids.Contains(i.Id))
            .AsSplitQuery()
            .ToDictionaryAsync(i => i.Id, ct);
}
