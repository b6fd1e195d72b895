using System.Globalization;
using System.Text;
using Accreditation.Core.Data;
using Accreditation.Core.Files;
using Accreditation.Core.Modules;
using Accreditation.Research.Library;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accreditation.Research.Indexing;

/// <summary>
/// Where the import page keeps uploads between the preview and the import: the file store's "imports" area, so the
/// import can be posted to any node. An upload is "{upload}/000", "{upload}/000.name", ... and "{upload}/uploaded-at".
/// </summary>
public sealed class ImportUploads(IFileStore files) : FileArea(files, "imports")
{
    /// <summary>The file in each upload holding when it was uploaded (the site's clock, round-trip format).</summary>
    public const string UploadedAtFile = "uploaded-at";

    /// <summary>The suffix of the file holding an uploaded file's name.</summary>
    public const string NameSuffix = ".name";

    /// <summary>Stores an upload's files (names and bytes, in order) and when it was uploaded.</summary>
    public async Task SaveAsync(string upload, DateTimeOffset uploadedAt, IReadOnlyList<(string Name, byte[] Content)> uploaded, CancellationToken ct)
    {
        await SaveAsync($"{upload}/{UploadedAtFile}", Encoding.UTF8.GetBytes(uploadedAt.ToString("O", CultureInfo.InvariantCulture)), ct);
        for (var i = 0; i < uploaded.Count; i++)
        {
            await SaveAsync($"{upload}/{i:D3}", uploaded[i].Content, ct);
            await SaveAsync($"{upload}/{i:D3}{NameSuffix}", Encoding.UTF8.GetBytes(uploaded[i].Name), ct);
        }
    }

    /// <summary>An upload's files in order, or null when any of them is missing from the store (expired, or not on this node).</summary>
    public async Task<IReadOnlyList<(string Name, byte[] Content)>?> ReadAsync(string upload, CancellationToken ct)
    {
        var stored = List(upload + "/");
        var contents = stored.Where(f => !f.Name.EndsWith(NameSuffix, StringComparison.Ordinal) && !f.Name.EndsWith("/" + UploadedAtFile, StringComparison.Ordinal)).ToList();
        if (contents.Count == 0)
        {
            return null;
        }

        var files = new List<(string, byte[])>();
        foreach (var file in contents)
        {
            if (await ReadAllAsync(file.Name + NameSuffix, ct) is not { } name || await ReadAllAsync(file.Name, ct) is not { } content)
            {
                return null;
            }

            files.Add((Encoding.UTF8.GetString(name), content));
        }

        return files;
    }

    /// <summary>When an upload was made, from its stamp (or its files' times when the stamp is unreadable).</summary>
    public DateTimeOffset UploadedAt(string upload, IEnumerable<StoredFile> files)
    {
        using var stamp = Open($"{upload}/{UploadedAtFile}");
        using var reader = stamp is null ? null : new StreamReader(stamp, Encoding.UTF8);
        return reader is not null && DateTimeOffset.TryParse(reader.ReadToEnd(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : files.Max(f => f.WrittenAt);
    }

    private async Task<byte[]?> ReadAllAsync(string name, CancellationToken ct)
    {
        await using var stream = Open(name);
        if (stream is null)
        {
            return null;
        }

        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, ct);
        return memory.ToArray();
    }
}

/// <summary>
/// Removes what the library no longer needs: index tasks this node applied more than <see cref="TaskRetention"/> ago
/// (other nodes had that long to apply them; one that did not rebuilds, see <see cref="IndexWorker"/>), keeping the
/// newest, and uploads previewed but never imported after <see cref="UploadRetention"/>.
/// </summary>
public sealed class ResearchPruning(AccreditationDbContext db, ResearchIndex index, ImportUploads uploadStore, TimeProvider clock, ILogger<ResearchPruning> logger)
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
        await UploadsGate.WaitAsync(ct); // one round at a time in this process: two rounds deleting one folder race
        try
        {
            uploads = PruneUploads(now);
        }
        finally
        {
            UploadsGate.Release();
        }

        return (tasks, uploads);
    }

    private int PruneUploads(DateTimeOffset now)
    {
        var uploads = 0;
        foreach (var upload in uploadStore.List("").Where(f => f.Name.Contains('/')).GroupBy(f => f.Name[..f.Name.IndexOf('/')]))
        {
            if (now - uploadStore.UploadedAt(upload.Key, upload) > UploadRetention)
            {
                try
                {
                    uploadStore.DeleteAll(upload.Key + "/");
                    uploads++;
                }
                catch (IOException ex)
                {
                    logger.LogInformation(ex, "An old import upload could not be removed yet; the next round tries again.");
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
