using System.Globalization;
using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Research.Library;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accreditation.Research.Indexing;

/// <summary>Where the import page keeps uploads between the preview and the import.</summary>
public static class ImportUploads
{
    /// <summary>The file in each upload folder holding when it was uploaded (the site's clock, round-trip format).</summary>
    public const string UploadedAtFile = "uploaded-at";

    /// <summary>The folder holding one sub-folder per upload.</summary>
    public static string Root(DatabaseSettings settings) => Path.Combine(settings.AppDataPath, "imports");
}

/// <summary>
/// Removes what the library no longer needs: index tasks this node applied more than <see cref="TaskRetention"/> ago
/// (other nodes had that long to apply them; one that did not rebuilds, see <see cref="IndexWorker"/>), keeping the
/// newest, and uploads previewed but never imported after <see cref="UploadRetention"/>.
/// </summary>
public sealed class ResearchPruning(AccreditationDbContext db, ResearchIndex index, DatabaseSettings settings, TimeProvider clock, ILogger<ResearchPruning> logger)
{
    /// <summary>How long applied index tasks are kept.</summary>
    public static readonly TimeSpan TaskRetention = TimeSpan.FromDays(7);

    /// <summary>How long an upload waits for its import.</summary>
    public static readonly TimeSpan UploadRetention = TimeSpan.FromDays(1);

    private static readonly SemaphoreSlim UploadsGate = new(1, 1);

    /// <summary>Prunes; returns the number of index tasks and upload folders removed.</summary>
    public async Task<(int Tasks, int Uploads)> PruneAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var tasks = 0;
        if (!index.NeedsRebuild && !index.RebuildRequested)
        {
            var checkpoint = index.Checkpoint;
            var horizon = now - TaskRetention;
            var newest = await db.Set<IndexTask>().MaxAsync(t => (long?)t.Id, ct) ?? 0;
            tasks = await db.Set<IndexTask>()
                .Where(t => t.Id <= checkpoint && t.Id < newest && t.CreatedAt < horizon)
                .ExecuteDeleteAsync(ct);
        }

        var uploads = 0;
        var root = ImportUploads.Root(settings);
        await UploadsGate.WaitAsync(ct); // one round at a time in this process: two rounds deleting one folder race
        try
        {
            uploads = PruneUploads(root, now);
        }
        finally
        {
            UploadsGate.Release();
        }

        return (tasks, uploads);
    }

    private int PruneUploads(string root, DateTimeOffset now)
    {
        var uploads = 0;
        if (Directory.Exists(root))
        {
            foreach (var folder in Directory.GetDirectories(root))
            {
                var stamp = Path.Combine(folder, ImportUploads.UploadedAtFile);
                var uploadedAt = File.Exists(stamp) && DateTimeOffset.TryParse(File.ReadAllText(stamp), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                    ? at
                    : new DateTimeOffset(Directory.GetLastWriteTimeUtc(folder), TimeSpan.Zero);
                if (now - uploadedAt > UploadRetention)
                {
                    try
                    {
                        Directory.Delete(folder, recursive: true);
                        uploads++;
                    }
                    catch (IOException ex)
                    {
                        logger.LogInformation(ex, "An old import upload could not be removed yet; the next round tries again.");
                    }
                }
            }
        }

        return uploads;
    }
}

/// <summary>Runs <see cref="ResearchPruning"/> every hour.</summary>
public sealed class ResearchPruningTask : IBackgroundTask
{
    /// <inheritdoc />
    public TimeSpan Interval => TimeSpan.FromHours(1);

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<ResearchPruning>().PruneAsync(ct);
}
