using Accreditation.Core.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Accreditation.Core.Modules;

/// <summary>Work a module does repeatedly in the background (outbox dispatch, index updates, pruning).</summary>
public interface IBackgroundTask
{
    /// <summary>How long to wait between runs.</summary>
    TimeSpan Interval { get; }

    /// <summary>
    /// Whether every node runs it (work on the node's own state, such as its copy of the search index). Otherwise one
    /// node at a time runs it, under a lease in the database that another node takes over when the holder dies.
    /// </summary>
    bool EveryNode => false;

    /// <summary>Does one round of work in its own service scope.</summary>
    Task RunAsync(IServiceProvider services, CancellationToken ct);
}

/// <summary>
/// Runs one module's background task on its interval while the module is enabled. A task that is not run on every
/// node runs only while this node holds its lease: taken before each round, renewed during a long one (a round whose
/// lease is lost is cancelled), kept between rounds (its length is the interval plus
/// BackgroundTasks:LeaseGraceSeconds, default 60), and given back when the node stops. A node with
/// BackgroundTasks:Enabled=false runs only the tasks every node runs (a node kept for web requests alone).
/// </summary>
public sealed class BackgroundTaskRunner(string moduleId, IBackgroundTask task, IServiceProvider root) : BackgroundService
{
    /// <summary>The lease's name: the module and the task's type.</summary>
    public string LeaseName { get; } = $"{moduleId}:{task.GetType().Name}";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var configuration = root.GetRequiredService<IConfiguration>();
        if (!task.EveryNode && !configuration.GetValue("BackgroundTasks:Enabled", true))
        {
            return;
        }

        var logger = root.GetRequiredService<ILoggerFactory>().CreateLogger(task.GetType());
        var state = root.GetRequiredService<ModuleState>();
        var clock = root.GetRequiredService<TimeProvider>();
        var leases = task.EveryNode ? null : root.GetRequiredService<TaskLeases>();
        var grace = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("BackgroundTasks:LeaseGraceSeconds", 60)));
        var held = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (state.IsEnabled(moduleId))
                    {
                        var lease = task.Interval + grace;
                        held = leases is null || await leases.TryTakeAsync(LeaseName, lease, stoppingToken);
                        if (held)
                        {
                            await RunOnceAsync(leases, lease, logger, stoppingToken);
                        }
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Background task {Task} of module {Module} failed; it will run again.", task.GetType().Name, moduleId);
                }

                try
                {
                    await Task.Delay(task.Interval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            if (held && leases is not null)
            {
                await ReleaseQuietlyAsync(leases, logger);
            }
        }
    }

    private async Task RunOnceAsync(TaskLeases? leases, TimeSpan lease, ILogger logger, CancellationToken stoppingToken)
    {
        if (leases is null)
        {
            await using var scope = root.CreateAsyncScope();
            await task.RunAsync(scope.ServiceProvider, stoppingToken);
            return;
        }

        using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewWhileRunningAsync(leases, lease, round, logger, renewing.Token);
        try
        {
            await using var scope = root.CreateAsyncScope();
            await task.RunAsync(scope.ServiceProvider, round.Token);
        }
        catch (OperationCanceledException) when (round.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Background task {Task} stopped mid-round: another node took its lease.", task.GetType().Name);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }
    }

    // A round longer than a third of the lease renews it, so no other node takes the task while it runs; a node that
    // cannot renew (its lease was taken after a pause) stops the round rather than run beside the new holder.
    private async Task RenewWhileRunningAsync(TaskLeases leases, TimeSpan lease, CancellationTokenSource round, ILogger logger, CancellationToken ct)
    {
        var clock = root.GetRequiredService<TimeProvider>();
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, clock, ct);
                if (!await leases.TryTakeAsync(LeaseName, lease, ct))
                {
                    await round.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The round ended.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not renew the lease of background task {Task}; its round stops.", task.GetType().Name);
            await round.CancelAsync();
        }
    }

    private async Task ReleaseQuietlyAsync(TaskLeases leases, ILogger logger)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.ReleaseAsync(LeaseName, timeout.Token);
        }
        catch (Exception ex)
        {
            // The lease runs out by itself; another node waits for that instead.
            logger.LogDebug(ex, "Could not give back the lease of background task {Task} on stopping.", task.GetType().Name);
        }
    }
}
