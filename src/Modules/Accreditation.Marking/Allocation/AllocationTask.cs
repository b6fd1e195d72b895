using Accreditation.Core.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Allocation;

/// <summary>
/// Allocates new submissions in the background (every Marking:AllocationIntervalSeconds, default 30): a submitted
/// portfolio reaches an assessor without anyone acting. Off with Marking:AutoAllocate=false (lead assessors then
/// allocate from their page).
/// </summary>
public sealed class AllocationTask(IConfiguration configuration) : IBackgroundTask
{
    /// <inheritdoc />
    public TimeSpan Interval { get; } = TimeSpan.FromSeconds(int.TryParse(configuration["Marking:AllocationIntervalSeconds"], out var s) && s > 0 ? s : 30);

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        if (!string.Equals(configuration["Marking:AutoAllocate"], "false", StringComparison.OrdinalIgnoreCase))
        {
            await services.GetRequiredService<MarkingAllocation>().AllocatePendingAsync(ct);
        }
    }
}
