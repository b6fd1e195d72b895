using Accreditation.Core.Data;
using Accreditation.Frameworks.Data;
using Accreditation.Frameworks.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Frameworks.Pages.Admin.Frameworks;

/// <summary>One framework version for admins: its statements; for a draft, remove statements, publish or delete it.</summary>
[Authorize(Policy = Permissions.ManageFrameworksPolicy)]
public sealed class VersionModel(AccreditationDbContext db, FrameworkVersioning versioning) : PageModel
{
    /// <summary>The version shown, with its framework.</summary>
    public FrameworkVersion? Version { get; private set; }

    /// <summary>Its statements, by number.</summary>
    public IReadOnlyList<KssStatement> Statements { get; private set; } = [];

    /// <summary>The outcome of the last change.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the version, or 404.</summary>
    public async Task<IActionResult> OnGetAsync(string key, int number, CancellationToken ct) =>
        await LoadAsync(key, number, ct) ? Page() : NotFound();

    /// <summary>Publishes the draft.</summary>
    public async Task<IActionResult> OnPostPublishAsync(string key, int number, uint rowVersion, CancellationToken ct)
    {
        if (!await LoadAsync(key, number, ct))
        {
            return NotFound();
        }

        var result = await versioning.PublishAsync(Version!.Id, rowVersion, ct);
        return await AfterAsync(result, key, number, $"Version {number} is published and is now the current version.", ct);
    }

    /// <summary>Deletes the draft.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(string key, int number, uint rowVersion, CancellationToken ct)
    {
        if (!await LoadAsync(key, number, ct))
        {
            return NotFound();
        }

        var result = await versioning.DeleteDraftAsync(Version!.Id, rowVersion, ct);
        if (result.Succeeded)
        {
            Message = $"The draft version {number} was deleted.";
            return RedirectToPage("/Admin/Frameworks/Index");
        }

        return await AfterAsync(result, key, number, "", ct);
    }

    /// <summary>Removes a statement from the draft.</summary>
    public async Task<IActionResult> OnPostRemoveStatementAsync(string key, int number, Guid statementId, uint rowVersion, CancellationToken ct)
    {
        if (!await LoadAsync(key, number, ct) || Statements.All(s => s.Id != statementId))
        {
            return NotFound();
        }

        var removed = Statements.Single(s => s.Id == statementId);
        var result = await versioning.RemoveStatementAsync(statementId, rowVersion, ct);
        return await AfterAsync(result, key, number, $"Statement {removed.Number}, {removed.Title}, was removed.", ct);
    }

    private async Task<IActionResult> AfterAsync(VersioningResult result, string key, int number, string message, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            Message = message;
            return RedirectToPage("/Admin/Frameworks/Version", new { key, number });
        }

        foreach (var (field, error) in result.Errors)
        {
            ModelState.AddModelError(field, error);
        }

        if (result.IsConflict)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return await LoadAsync(key, number, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string key, int number, CancellationToken ct)
    {
        Version = await db.Set<FrameworkVersion>().AsNoTracking().Include(v => v.Framework)
            .SingleOrDefaultAsync(v => v.Framework!.Key == key && v.Number == number, ct);
        if (Version is null)
        {
            return false;
        }

        Statements = await db.Set<KssStatement>().AsNoTracking().Where(s => s.FrameworkVersionId == Version.Id).OrderBy(s => s.Number).ToListAsync(ct);
        return true;
    }
}
