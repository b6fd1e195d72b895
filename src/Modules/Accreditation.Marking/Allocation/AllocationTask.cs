using Accreditation.Core.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Allocation;

/// <summary>
/// Allocates new submissions in the background (every Marking:AllocationIntervalSeconds, default 30): a submitted
/// portfolio reaches an assessor without anyone acting. Off with Marking:AutoAllocate=false (lead assessors then
/// allocate from their page). Either way it rechecks that every open portfolio has a lead assessor who could moderate
/// it: the flagged ones each round, and all of them when the lead assessors or their conflicts change.
/// </summary>
public sealed class AllocationTask(IConfiguration configuration) : IBackgroundTask
{
    private string? leads;

    /// <inheritdoc />
    public TimeSpan Interval { get; } = TimeSpan.FromSeconds(int.TryParse(configuration["Marking:AllocationIntervalSeconds"], out var s) && s > 0 ? s : 30);

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var allocation = services.GetRequiredService<MarkingAllocation>();
        if (!string.Equals(configuration["Marking:AutoAllocate"], "false", StringComparison.OrdinalIgnoreCase))
        {
            await allocation.AllocatePendingAsync(ct);
        }

        leads = await allocation.RecheckModerationsAsync(leads ?? "", ct);
    }
}
