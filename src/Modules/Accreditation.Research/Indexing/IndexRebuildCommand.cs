using Accreditation.Core.Data;
using Accreditation.Research.Library;
using Lucene.Net.Store;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Indexing;

/// <summary>
/// The <c>search rebuild</c> command: rebuilds this node's index from the database in committed batches; a stopped
/// rebuild resumes where it got to. Refuses while a running site holds the index.
/// </summary>
public sealed class IndexRebuildCommand(ResearchIndex index, IndexWorker worker, AccreditationDbContext db, IServiceProvider services)
{
    /// <summary>Runs the rebuild, writing progress; returns the exit code.</summary>
    public async Task<int> RunAsync(TextWriter output, CancellationToken ct = default)
    {
        try
        {
            index.EnsureOpen();
        }
        catch (LockObtainFailedException)
        {
            await output.WriteLineAsync("The index is in use by a running site. Stop it, or rebuild from the admin page (/admin/research/index).");
            return 1;
        }

        index.RequestRebuild();
        var started = DateTime.UtcNow;
        await worker.RunOnceAsync(services, message => output.WriteLine(message), ct);
        var items = await db.Set<ResearchItem>().CountAsync(i => i.IsPublished, ct);
        await output.WriteLineAsync($"Research index rebuilt: {index.Count} documents for {items} published items in {(DateTime.UtcNow - started).TotalSeconds:0.0} s.");
        return 0;
    }
}
