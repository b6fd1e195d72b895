using Accreditation.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Core.Modules;

/// <summary>A module switched off at run time (by a recipe's modules step or the admin Modules page).</summary>
public sealed class DisabledModule
{
    /// <summary>The module id.</summary>
    public required string ModuleId { get; set; }

    /// <summary>When it was switched off.</summary>
    public DateTimeOffset DisabledAt { get; set; }
}

/// <summary>
/// Which composed modules are enabled now. Start-up composes modules from configuration; at run time a module
/// can be switched off and on, and its pages, endpoints, menu entries, recipe steps and background tasks follow.
/// </summary>
public sealed class ModuleState(ComposedModules modules, IServiceScopeFactory scopes, TimeProvider clock)
{
    private volatile HashSet<string>? disabled;

    /// <summary>Whether the module is composed and not switched off.</summary>
    public bool IsEnabled(string moduleId) =>
        moduleId == ModuleHost.CoreModuleId || (modules.IsComposed(moduleId) && !Disabled().Contains(moduleId));

    /// <summary>Forgets the cached state so the next check reads the database.</summary>
    public void Reset() => disabled = null;

    /// <summary>
    /// Enables and disables modules, refusing a change that would leave an enabled module without an enabled dependency.
    /// Returns the errors, empty when applied; the caller saves the context.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangeAsync(AccreditationDbContext db, IEnumerable<string> enable, IEnumerable<string> disable, CancellationToken ct = default)
    {
        var errors = new List<string>();
        var current = (await db.DisabledModules.Select(d => d.ModuleId).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var target = new HashSet<string>(current, StringComparer.OrdinalIgnoreCase);
        foreach (var id in enable)
        {
            if (!modules.IsComposed(id))
            {
                errors.Add($"Module {id} is not part of this host, so it cannot be enabled.");
            }

            target.Remove(id);
        }

        foreach (var id in disable)
        {
            if (!modules.IsComposed(id))
            {
                errors.Add($"Module {id} is not part of this host.");
            }
            else if (modules.Find(id)!.AlwaysOn)
            {
                errors.Add($"{modules.Find(id)!.Name} cannot be disabled: without it nobody could sign in to run the site.");
            }

            target.Add(id);
        }

        foreach (var module in modules.Composed.Where(m => !target.Contains(m.Manifest.Id)))
        {
            foreach (var dependency in module.Manifest.Dependencies.Where(target.Contains))
            {
                var needed = modules.Find(dependency)?.Name ?? dependency;
                errors.Add(current.Contains(dependency)
                    ? $"{module.Manifest.Name} needs {needed}, which is disabled. Enable {needed} first."
                    : $"{needed} cannot be disabled while {module.Manifest.Name} is enabled, because {module.Manifest.Name} needs it. Disable {module.Manifest.Name} first.");
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var now = clock.GetUtcNow();
        foreach (var id in target.Except(current, StringComparer.OrdinalIgnoreCase))
        {
            db.DisabledModules.Add(new DisabledModule { ModuleId = modules.Find(id)!.Id, DisabledAt = now });
        }

        var toEnable = current.Except(target, StringComparer.OrdinalIgnoreCase).ToList();
        if (toEnable.Count > 0)
        {
            db.DisabledModules.RemoveRange(await db.DisabledModules.Where(d => toEnable.Contains(d.ModuleId)).ToListAsync(ct));
        }

        return errors;
    }

    private HashSet<string> Disabled()
    {
        var snapshot = disabled;
        if (snapshot is not null)
        {
            return snapshot;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AccreditationDbContext>();
        snapshot = db.DisabledModules.AsNoTracking().Select(d => d.ModuleId).ToList().ToHashSet(StringComparer.OrdinalIgnoreCase);
        disabled = snapshot;
        return snapshot;
    }
}

/// <summary>Endpoint metadata naming the module that owns a page or endpoint, so a disabled module's routes answer 404.</summary>
public sealed record ModuleEndpointMetadata(string ModuleId);
