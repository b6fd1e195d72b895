using Accreditation.Core.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Workflow;

/// <summary>Publishes scheduled items and takes down items whose take-down time has come, every 30 seconds (Publishing:BackgroundTasks:Enabled turns it off).</summary>
public sealed class ScheduledPublishingTask(IConfiguration configuration) : IBackgroundTask
{
    /// <inheritdoc />
    public TimeSpan Interval => TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        if (configuration.GetValue("Publishing:BackgroundTasks:Enabled", true))
        {
            var workflow = services.GetRequiredService<PublishingWorkflow>();
            await workflow.PublishDueAsync(ct);
            await workflow.UnpublishDueAsync(ct);
        }
    }
}
