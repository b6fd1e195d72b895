using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Web.Pages.Admin;

/// <summary>Lists every module of the host with its description, dependencies and state; switches modules on and off.</summary>
[Authorize(Policy = "Permission:" + Identity.Permissions.ManagePlatform)]
public sealed class ModulesModel(ComposedModules modules, ModuleState state, AccreditationDbContext db, IAuditTrail audit) : PageModel
{
    /// <summary>One row of the table.</summary>
    public sealed record Row(ModuleManifest Manifest, string State);

    /// <summary>The rows, in dependency order.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The outcome of the last change.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the table.</summary>
    public void OnGet() => Load();

    /// <summary>Enables a module.</summary>
    public Task<IActionResult> OnPostEnableAsync(string id) => Change(id, enable: true);

    /// <summary>Disables a module (refused while an enabled module depends on it).</summary>
    public Task<IActionResult> OnPostDisableAsync(string id) => Change(id, enable: false);

    private async Task<IActionResult> Change(string id, bool enable)
    {
        var errors = await state.ChangeAsync(db, enable ? [id] : [], enable ? [] : [id]);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError("", error);
            }

            Load();
            return Page();
        }

        audit.Add(enable ? "module.enabled" : "module.disabled", "Module", id);
        db.Announce(Core.Cluster.ChangeTopics.Modules);
        await db.SaveChangesAsync();
        state.Reset();
        Message = $"{modules.Find(id)?.Name ?? id} is {(enable ? "enabled" : "disabled")}.";
        return RedirectToPage();
    }

    private void Load() =>
        Rows = modules.Composed.Select(m => new Row(m.Manifest, state.IsEnabled(m.Manifest.Id) ? "Enabled" : "Disabled"))
            .Concat(modules.Known.Where(m => !modules.IsComposed(m.Manifest.Id)).Select(m => new Row(m.Manifest, "Not in this host")))
            .ToList();
}
