using Accreditation.Core.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Assessments.Sittings;

/// <summary>Submits sittings whose time has run out, every 15 seconds, even when the candidate has gone (every request also checks).</summary>
public sealed class ExpiredSittingsTask : IBackgroundTask
{
    /// <inheritdoc />
    public TimeSpan Interval => TimeSpan.FromSeconds(15);

    /// <inheritdoc />
    public Task RunAsync(IServiceProvider services, CancellationToken ct) => services.GetRequiredService<SittingService>().ExpireDueAsync(ct);
}

/// <summary>Releases the held assessment results of enrolments whose decisions the marking module releases (in its transaction).</summary>
public sealed class AssessmentResultRelease(SittingService sittings) : Core.Contracts.IDecisionReleaseListener
{
    /// <inheritdoc />
    public Task DecisionsReleasedAsync(IReadOnlyCollection<Guid> enrolmentIds, CancellationToken ct = default) => sittings.ReleaseAsync(enrolmentIds, ct);
}
