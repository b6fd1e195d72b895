using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accreditation.Core.Privacy;

/// <summary>A personal-data provider and the module that registered it.</summary>
public sealed record PersonalDataRegistration(string ModuleId, Type ProviderType);

/// <summary>A provider with its module, as the composer hands it out.</summary>
public sealed record ComposedProvider(string ModuleId, string ModuleName, IPersonalDataProvider Provider);

/// <summary>
/// Composes the personal-data providers of the modules composed into this host (and the kernel's own, for the audit
/// trail): one export, one erasure plan and one erasure across them all. A module switched off at run time still takes
/// part: its tables keep its data whether or not its pages are served.
/// </summary>
public sealed class PersonalDataProviders(
    IEnumerable<PersonalDataRegistration> registrations,
    ComposedModules modules,
    IServiceProvider services,
    AccreditationDbContext db,
    ILogger<PersonalDataProviders> logger)
{
    /// <summary>The name the kernel's own data goes by.</summary>
    public const string CoreModuleName = "Audit trail and platform";

    /// <summary>Every provider, in module order (dependencies first), the kernel's last.</summary>
    public IReadOnlyList<ComposedProvider> All()
    {
        var order = modules.Composed.Select((m, i) => (m.Manifest.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.OrdinalIgnoreCase);
        return registrations
            .Where(r => r.ModuleId == ModuleHost.CoreModuleId || modules.IsComposed(r.ModuleId))
            .OrderBy(r => r.ModuleId == ModuleHost.CoreModuleId ? int.MaxValue : order[r.ModuleId])
            .Select(r => new ComposedProvider(
                r.ModuleId,
                r.ModuleId == ModuleHost.CoreModuleId ? CoreModuleName : modules.Find(r.ModuleId)?.Name ?? r.ModuleId,
                (IPersonalDataProvider)services.GetRequiredService(r.ProviderType)))
            .ToList();
    }

    /// <summary>
    /// Providers in erasure order: modules that depend on others first (their records point at the others'), the
    /// kernel last (it scrubs the audit trail of every id the others named).
    /// </summary>
    public IReadOnlyList<ComposedProvider> InErasureOrder()
    {
        var all = All();
        return all.Where(p => p.ModuleId != ModuleHost.CoreModuleId).Reverse().Concat(all.Where(p => p.ModuleId == ModuleHost.CoreModuleId)).ToList();
    }

    /// <summary>Gathers everything every module holds about the person.</summary>
    public async Task<PersonalDataExport> ExportAsync(DataSubject subject, CancellationToken ct)
    {
        var export = new PersonalDataExport();
        foreach (var provider in All())
        {
            export.BeginModule(provider.ModuleId, provider.ModuleName);
            await provider.Provider.ExportAsync(subject, export, ct);
        }

        return export;
    }

    /// <summary>
    /// Makes the erasure plan: what would be deleted, anonymised, kept and held. Changes nothing. Planned twice: the
    /// first pass finds the holds, so that in the second every module's lines already leave out what another module holds.
    /// </summary>
    public async Task<ErasurePlan> PlanAsync(DataSubject subject, CancellationToken ct)
    {
        var first = await PlanOnceAsync(subject, [], ct);
        return first.HasHolds ? await PlanOnceAsync(subject, first.Holds, ct) : first;
    }

    private async Task<ErasurePlan> PlanOnceAsync(DataSubject subject, IEnumerable<string> holds, CancellationToken ct)
    {
        var plan = new ErasurePlan();
        plan.Assume(holds);
        plan.Identify(subject.UserId);
        foreach (var provider in InErasureOrder())
        {
            plan.BeginModule(provider.ModuleId, provider.ModuleName);
            await provider.Provider.PlanErasureAsync(subject, plan, ct);
        }

        return plan;
    }

    /// <summary>
    /// Erases the person: plans afresh, then every provider erases its part in one transaction (all or nothing), then
    /// the files go. Returns the run (its plan, with the holds honoured, and what was done).
    /// </summary>
    public async Task<ErasureRun> EraseAsync(DataSubject subject, CancellationToken ct)
    {
        var run = new ErasureRun(await PlanAsync(subject, ct));
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var provider in InErasureOrder())
            {
                await provider.Provider.EraseAsync(subject, run, ct);
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
        });
        db.ChangeTracker.Clear();

        foreach (var action in run.AfterCommitActions)
        {
            try
            {
                action();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The records are gone; a file that could not be removed now is an orphan the next retention round finds.
                logger.LogWarning(ex, "A file of an erased person could not be removed yet.");
            }
        }

        if (!db.IsPostgreSql)
        {
            // Deleted rows were overwritten in the database file (secure_delete); the write-ahead log still holds the
            // old pages until it is checkpointed and truncated.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }

        return run;
    }
}
