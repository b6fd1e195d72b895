using Accreditation.Core.Data;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Admin.Publishing;

/// <summary>Shows one saved version of an item's text, and restores it as the draft's newest version.</summary>
[Authorize(Policy = Permissions.AreaPolicy)]
public sealed class VersionModel(AccreditationDbContext db, MarkdownRenderer markdown, PublishingWorkflow workflow) : PageModel
{
    /// <summary>The version.</summary>
    public PracticeUpdateVersion Saved { get; private set; } = null!;

    /// <summary>The item as it is now.</summary>
    public PracticeUpdate Item { get; private set; } = null!;

    /// <summary>Its body as HTML.</summary>
    public string Html { get; private set; } = "";

    /// <summary>The row version the page was loaded with.</summary>
    [BindProperty]
    public uint Version { get; set; }

    /// <summary>Loads the version; 404 when there is none.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, int number, CancellationToken ct) =>
        await LoadAsync(id, number, ct) ? Page() : NotFound();

    /// <summary>Restores the version, or says why not (a stale page answers 409).</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, int number, CancellationToken ct)
    {
        var result = await workflow.RestoreAsync(id, number, Version, Actor.From(User), ct);
        if (result.Succeeded)
        {
            return RedirectToPage("/Admin/Publishing/Item", new { id });
        }

        ModelState.Clear();
        foreach (var (_, message) in result.Errors)
        {
            ModelState.AddModelError("Restore", message);
        }

        Response.StatusCode = result.IsConflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return await LoadAsync(id, number, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, int number, CancellationToken ct)
    {
        var saved = await db.Set<PracticeUpdateVersion>().AsNoTracking().SingleOrDefaultAsync(v => v.PracticeUpdateId == id && v.Number == number, ct);
        var item = await db.Set<PracticeUpdate>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (saved is null || item is null)
        {
            return false;
        }

        Saved = saved;
        Item = item;
        Html = markdown.ToHtml(saved.Body);
        return true;
    }
}
