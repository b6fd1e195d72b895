using Accreditation.Core.Modules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;

namespace Accreditation.Identity.OpenIdConnect;

/// <summary>
/// Every hour, removes tokens and authorizations that expired or were revoked more than a day ago (the day keeps
/// recent ones for refresh-token and code reuse detection and for investigating incidents).
/// </summary>
public sealed class TokenPruning(TimeProvider clock) : IBackgroundTask
{
    /// <summary>How long ended tokens and authorizations are kept.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public TimeSpan Interval => TimeSpan.FromHours(1);

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var threshold = clock.GetUtcNow() - Kept;
        var tokens = await services.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, ct);
        var authorizations = await services.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, ct);
        services.GetRequiredService<ILogger<TokenPruning>>()
            .LogInformation("Pruned {Tokens} tokens and {Authorizations} authorizations that ended before {Threshold}.", tokens, authorizations, threshold);
    }
}
