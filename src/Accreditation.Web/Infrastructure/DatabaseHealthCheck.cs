using Accreditation.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Accreditation.Web.Infrastructure;

/// <summary>Ready when the database answers and holds the platform's tables (a query on the recipe runs).</summary>
public sealed class DatabaseHealthCheck(AccreditationDbContext db) : IHealthCheck
{
    /// <summary>What the check reports when the database cannot be used.</summary>
    public const string Failure = "The database does not answer.";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Connecting is not enough: the server may answer for a database without the platform's tables.
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy(Failure);
            }

            await db.RecipeRuns.AsNoTracking().AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(Failure, ex);
        }
    }
}
