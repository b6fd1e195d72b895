using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Core.Privacy;
using Accreditation.Core.Time;
using Accreditation.Privacy.Data;
using Accreditation.Privacy.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accreditation.Privacy.Retention;

/// <summary>What one kind's run removed (or why it failed).</summary>
public sealed record RetentionOutcome(string Kind, int Removed, DateTimeOffset Cutoff, string? Error);

/// <summary>
/// Applies the retention schedule: for each kind in turn, takes its lease row (a conditional update, so when two nodes
/// run at once each kind runs on one of them), removes what has run its period, and records what it removed. A kind
/// runs at most once in <see cref="MinimumInterval"/> unless forced.
/// </summary>
public sealed class RetentionRunner(
    AccreditationDbContext db,
    RetentionSchedule schedule,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IIdSource ids,
    ILogger<RetentionRunner> logger)
{
    /// <summary>How often each kind runs.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromHours(20);

    /// <summary>How long a node holds a kind's lease.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    /// <summary>Runs every kind that is due (every kind when <paramref name="force"/>); returns what each removed.</summary>
    public async Task<IReadOnlyList<RetentionOutcome>> RunAsync(bool force = false, CancellationToken ct = default)
    {
        var outcomes = new List<RetentionOutcome>();
        foreach (var entry in schedule.Entries())
        {
            if (ct.IsCancellationRequested)
            {
                break;
            }

            var now = clock.GetUtcNow();
            var lease = await ClaimAsync(entry.Kind.Key, now, force, ct);
            if (lease is null)
            {
                continue;
            }

            var cutoff = entry.Period.Before(now);
            int removed = 0;
            string? error = null;
            try
            {
                // Each kind in a scope of its own: one kind's failure leaves nothing half-tracked for the next.
                await using var scope = scopes.CreateAsyncScope();
                var rule = (IRetentionRule)scope.ServiceProvider.GetRequiredService(entry.Registration.RuleType);
                removed = await rule.ApplyAsync(entry.Kind, cutoff, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
                logger.LogError(ex, "Retention of {Kind} failed; it runs again next time.", entry.Kind.Key);
            }

            await db.Set<RetentionRun>().Where(r => r.Kind == entry.Kind.Key && r.LeaseId == lease)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.LastRunAt, r => error == null ? now : r.LastRunAt)
                    .SetProperty(r => r.LastRemoved, r => error == null ? removed : r.LastRemoved)
                    .SetProperty(r => r.LastCutoff, r => error == null ? cutoff : r.LastCutoff)
                    .SetProperty(r => r.TotalRemoved, r => r.TotalRemoved + removed)
                    .SetProperty(r => r.LastError, error == null ? null : error.Length > 2000 ? error[..2000] : error)
                    .SetProperty(r => r.LeaseId, (Guid?)null)
                    .SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
            if (removed > 0)
            {
                logger.LogInformation("Retention of {Kind} removed {Removed} (data from before {Cutoff:u}).", entry.Kind.Key, removed, cutoff);
            }

            outcomes.Add(new RetentionOutcome(entry.Kind.Key, removed, cutoff, error));
        }

        return outcomes;
    }

    /// <summary>What each kind's last run did.</summary>
    public async Task<IReadOnlyDictionary<string, RetentionRun>> LastRunsAsync(CancellationToken ct) =>
        await db.Set<RetentionRun>().AsNoTracking().ToDictionaryAsync(r => r.Kind, ct);

    /// <summary>Takes a kind's lease if nobody holds it and the kind is due; returns the lease id, or null.</summary>
    private async Task<Guid?> ClaimAsync(string kind, DateTimeOffset now, bool force, CancellationToken ct)
    {
        if (!await db.Set<RetentionRun>().AnyAsync(r => r.Kind == kind, ct))
        {
            try
            {
                db.Add(new RetentionRun { Kind = kind });
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another node added it at the same moment: the row is there either way.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        var lease = ids.NewId();
        var dueBefore = now - MinimumInterval;
        var claimed = await db.Set<RetentionRun>()
            .Where(r => r.Kind == kind && (r.LeaseUntil == null || r.LeaseUntil < now) && (force || r.LastRunAt == null || r.LastRunAt < dueBefore))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseId, lease).SetProperty(r => r.LeaseUntil, now + Lease), ct);
        return claimed == 1 ? lease : null;
    }
}

/// <summary>
/// The module's background work, hourly: answers privacy requests and applies the retention schedule. Off with
/// Privacy:BackgroundTasks:Enabled=false (the tests run rounds themselves).
/// </summary>
public sealed class PrivacyTask(IConfiguration configuration) : IBackgroundTask
{
    /// <inheritdoc />
    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Privacy:BackgroundTasks:IntervalSeconds", 60), 5, 3600));

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        if (!configuration.GetValue("Privacy:BackgroundTasks:Enabled", true))
        {
            return;
        }

        await services.GetRequiredService<PrivacyRequestProcessor>().RunAsync(ct);
        await services.GetRequiredService<RetentionRunner>().RunAsync(force: false, ct);
    }
}

/// <summary>Deletes the records of answered requests once their period has run (the erasure's record goes last of all).</summary>
public sealed class PrivacyRequestRetention(AccreditationDbContext db) : IRetentionRule
{
    /// <summary>The kind.</summary>
    public static readonly RetentionKind Kind = new("PrivacyRequests", "The record of a request for a copy of your data, or for erasure", "after it is answered", "Deleted", "6 years");

    /// <inheritdoc />
    public async Task<int> ApplyAsync(RetentionKind kind, DateTimeOffset cutoff, CancellationToken ct) =>
        await db.Set<PrivacyRequest>()
            .Where(r => (r.State == PrivacyRequestState.Expired || r.State == PrivacyRequestState.Erased) && r.CompletedAt < cutoff)
            .ExecuteDeleteAsync(ct);
}
