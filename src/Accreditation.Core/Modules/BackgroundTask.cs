using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Accreditation.Core.Modules;

/// <summary>Work a module does repeatedly in the background (outbox dispatch, index updates, pruning).</summary>
public interface IBackgroundTask
{
    /// <summary>How long to wait between runs.</summary>
    TimeSpan Interval { get; }

    /// <summary>Does one round of work in its own service scope.</summary>
    Task RunAsync(IServiceProvider services, CancellationToken ct);
}

/// <summary>Runs one module's background task on its interval while the module is enabled.</summary>
public sealed class BackgroundTaskRunner(string moduleId, IBackgroundTask task, IServiceProvider root) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = root.GetRequiredService<ILoggerFactory>().CreateLogger(task.GetType());
        var state = root.GetRequiredService<ModuleState>();
        var clock = root.GetRequiredService<TimeProvider>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (state.IsEnabled(moduleId))
                {
                    await using var scope = root.CreateAsyncScope();
                    await task.RunAsync(scope.ServiceProvider, stoppingToken);
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
}
