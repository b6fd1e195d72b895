using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Core.Auditing;

/// <summary>
/// A row that exists only inside the transaction of a privacy operation (pseudonymising an erased person's entries,
/// removing entries past their retention period). The database's append-only triggers let UPDATE and DELETE through
/// while such a row is visible, and the row is visible to that transaction alone: any other change is still refused.
/// </summary>
public sealed class AuditMaintenanceWindow
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>Why the trail is being changed ("erasure", "retention").</summary>
    public required string Reason { get; set; }

    /// <summary>When the window opened.</summary>
    public DateTimeOffset OpenedAt { get; set; }
}

/// <summary>The only way audit entries are changed or removed: inside the caller's transaction, under a maintenance window.</summary>
public static class AuditMaintenance
{
    /// <summary>
    /// Runs <paramref name="work"/> (bulk updates or deletes of audit entries) with a maintenance window open; the caller
    /// must hold a transaction, so the window never outlives it, even if the process dies.
    /// </summary>
    public static async Task<T> RunAsync<T>(AccreditationDbContext db, string reason, TimeProvider clock, IIdSource ids, Func<Task<T>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The audit trail may only be changed inside a transaction.");
        }

        var window = new AuditMaintenanceWindow { Id = ids.NewId(), Reason = reason, OpenedAt = clock.GetUtcNow() };
        db.Set<AuditMaintenanceWindow>().Add(window);
        await db.SaveChangesAsync(ct);
        var result = await work();
        await db.Set<AuditMaintenanceWindow>().Where(w => w.Id == window.Id).ExecuteDeleteAsync(ct);
        db.Entry(window).State = EntityState.Detached;
        return result;
    }
}
