using Accreditation.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Accreditation.Core.Cluster;

/// <summary>
/// Keeps this node's in-memory state in step with the others: every Cluster:ChangePollMilliseconds (default 1000) it
/// reads the change counters (one small table) and calls the listeners of each topic whose counter moved; every
/// Cluster:RefreshMinutes (default 5) it calls them all, so a change whose counter was never written (a node that died
/// between saving and counting) still shows. The wait is real time, not the site's clock: it is the node's own
/// housekeeping, not part of the service's rules.
/// </summary>
public sealed class ChangeSignalWatcher(IServiceProvider root, IConfiguration configuration, ILogger<ChangeSignalWatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, long> seen = new(StringComparer.Ordinal);
    private bool baselined;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(Math.Max(50, configuration.GetValue("Cluster:ChangePollMilliseconds", 1000)));
        var refresh = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Cluster:RefreshMinutes", 5)));
        var listeners = root.GetServices<ChangeListener>().ToLookup(l => l.Topic, StringComparer.Ordinal);
        var system = TimeProvider.System;
        var lastRefresh = system.GetTimestamp();
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(poll, system, stoppingToken);
                var moved = await ReadMovedAsync(stoppingToken);
                if (system.GetElapsedTime(lastRefresh) >= refresh)
                {
                    lastRefresh = system.GetTimestamp();
                    moved = listeners.Select(g => g.Key).ToList();
                }

                foreach (var topic in moved)
                {
                    foreach (var listener in listeners[topic])
                    {
                        listener.Changed(root);
                    }
                }

                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Logged once per outage (the database being restarted), not every second.
                if (!failing)
                {
                    logger.LogWarning(ex, "Could not read the change counters; this node may show settings up to a poll late.");
                }

                failing = true;
            }
        }
    }

    private async Task<List<string>> ReadMovedAsync(CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccreditationDbContext>();
        var counters = await db.Set<ChangeSignal>().AsNoTracking().Select(s => new { s.Topic, s.Version }).ToListAsync(ct);
        var moved = new List<string>();
        var first = !baselined;
        baselined = true;
        foreach (var counter in counters)
        {
            if (seen.TryGetValue(counter.Topic, out var version) ? version != counter.Version : !first)
            {
                moved.Add(counter.Topic);
            }

            seen[counter.Topic] = counter.Version;
        }

        return moved;
    }
}
