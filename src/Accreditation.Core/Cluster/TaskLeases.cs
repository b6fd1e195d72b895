using Accreditation.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Core.Cluster;

/// <summary>
/// Takes, renews and gives back background-task leases in the database every node shares. Taking and renewing are one
/// conditional UPDATE (held by this node, or run out), so two nodes asking at once cannot both get it.
/// </summary>
public sealed class TaskLeases(IServiceScopeFactory scopes, NodeIdentity node, TimeProvider clock)
{
    /// <summary>Takes the lease, or renews it when this node holds it; false when another node holds it and it has not run out.</summary>
    public async Task<bool> TryTakeAsync(string name, TimeSpan duration, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccreditationDbContext>();
        var now = clock.GetUtcNow();
        var until = now + duration;
        var holder = node.Name;
        var taken = await db.Set<BackgroundLease>()
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until).SetProperty(l => l.RenewedAt, now), ct);
        if (taken == 1)
        {
            return true;
        }

        if (await db.Set<BackgroundLease>().AnyAsync(l => l.Name == name, ct))
        {
            return false;
        }

        try
        {
            db.Add(new BackgroundLease { Name = name, Holder = holder, ExpiresAt = until, RenewedAt = now });
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node added the row at the same moment: it holds the lease.
            return false;
        }
    }

    /// <summary>Gives the lease back (on shutdown), so another node can take the task at once.</summary>
    public async Task ReleaseAsync(string name, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccreditationDbContext>();
        var now = clock.GetUtcNow();
        var holder = node.Name;
        await db.Set<BackgroundLease>()
            .Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), ct);
    }

    /// <summary>Every lease as it stands: which node runs each task (for operators' tools and the cluster tests).</summary>
    public async Task<IReadOnlyList<BackgroundLease>> ListAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccreditationDbContext>();
        return await db.Set<BackgroundLease>().AsNoTracking().OrderBy(l => l.Name).ToListAsync(ct);
    }
}
