using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Cpd.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accreditation.Cpd.Records;

/// <summary>
/// Makes the duplicate-check sketch of records that have none (made before sketches existed, or by a release whose
/// sketches were reset), in small batches. Each record is claimed by a conditional update (its shingle count set only
/// while still null) in the same transaction as its sketch rows, so a node that loses the lease mid-round, or a person
/// saving the record at the same time, never leaves two sketches. Until a record is sketched the duplicate check reads it
/// as before.
/// </summary>
public sealed class CpdSketchFill : IBackgroundTask
{
    /// <summary>Records sketched in one transaction.</summary>
    public const int Batch = 200;

    /// <inheritdoc />
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public Task RunAsync(IServiceProvider services, CancellationToken ct) => FillAsync(services, ct);

    /// <summary>Sketches every record without a sketch, batch by batch, until none is left; returns how many it sketched.</summary>
    public async Task<int> FillAsync(IServiceProvider services, CancellationToken ct)
    {
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            // A fresh context a batch: nothing tracked piles up over a long first run after an upgrade.
            await using var scope = services.CreateAsyncScope();
            var (seen, sketched) = await FillBatchAsync(scope.ServiceProvider.GetRequiredService<AccreditationDbContext>(), ct);
            total += sketched;
            if (seen < Batch)
            {
                break;
            }
        }

        if (total > 0)
        {
            services.GetRequiredService<ILogger<CpdSketchFill>>().LogInformation("Made the duplicate-check sketch of {Count} CPD records.", total);
        }

        return total;
    }

    private static async Task<(int Seen, int Sketched)> FillBatchAsync(AccreditationDbContext db, CancellationToken ct)
    {
        // In the order of the index of records without a sketch, so a batch is read from it without sorting them all.
        var batch = await db.Set<CpdRecord>().AsNoTracking().Where(r => r.SketchShingles == null).OrderBy(r => r.OwnerId)
            .Select(r => new { r.Id, r.Description, r.Learning, r.Impact, r.PeerLearning })
            .Take(Batch).ToListAsync(ct);
        if (batch.Count == 0)
        {
            return (0, 0);
        }

        var sketched = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var r in batch)
        {
            var sketch = CpdSketch.Of(CpdRecords.TextOf(r.Description, r.Learning, r.Impact, r.PeerLearning));
            var claimed = await db.Set<CpdRecord>().Where(x => x.Id == r.Id && x.SketchShingles == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.SketchShingles, sketch.Shingles), ct);
            if (claimed == 1)
            {
                // Rows of an earlier sketch may be there when a release reset the sketches (SketchShingles set to null).
                await db.Set<CpdSketchBand>().Where(b => b.RecordId == r.Id).ExecuteDeleteAsync(ct);
                db.AddRange(sketch.Rows(r.Id));
                sketched++;
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (batch.Count, sketched);
    }
}
