using Accreditation.Core.Data;
using Accreditation.Frameworks.Data;
using Accreditation.Frameworks.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Frameworks.Pages.Admin.Frameworks;

/// <summary>Adds a statement at the end of a draft version.</summary>
[Authorize(Policy = Permissions.ManageFrameworksPolicy)]
public sealed class AddStatementModel(AccreditationDbContext db, FrameworkVersioning versioning) : PageModel
{
    /// <summary>The new statement's title.</summary>
    [BindProperty]
    public string? Title { get; set; }

    /// <summary>The new statement's description.</summary>
    [BindProperty]
    public string? Description { get; set; }

    /// <summary>The framework's name.</summary>
    public string FrameworkName { get; private set; } = "";

    /// <summary>The draft's number.</summary>
    public int VersionNumber { get; private set; }

    /// <summary>The number the new statement will get.</summary>
    public int NextNumber { get; private set; }

    /// <summary>The draft's admin page.</summary>
    public string BackUrl { get; private set; } = "";

    /// <summary>The outcome, shown on the draft's page.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the form; 404 unless the version is a draft.</summary>
    public async Task<IActionResult> OnGetAsync(string key, int number, CancellationToken ct) =>
        await FindDraftAsync(key, number, ct) is null ? NotFound() : Page();

    /// <summary>Adds the statement, or shows what is wrong next to the field.</summary>
    public async Task<IActionResult> OnPostAsync(string key, int number, CancellationToken ct)
    {
        var draft = await FindDraftAsync(key, number, ct);
        if (draft is null)
        {
            return NotFound();
        }

        var result = await versioning.AddStatementAsync(draft.Id, Title, Description, ct);
        if (result.Succeeded)
        {
            Message = $"Statement {NextNumber} was added.";
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

        return Page();
    }

    private async Task<FrameworkVersion?> FindDraftAsync(string key, int number, CancellationToken ct)
    {
        var version = await db.Set<FrameworkVersion>().AsNoTracking().Include(v => v.Framework)
            .SingleOrDefaultAsync(v => v.Framework!.Key == key && v.Number == number && v.Status == FrameworkVersionStatus.Draft, ct);
        if (version is not null)
        {
            FrameworkName = version.Framework!.Name;
            VersionNumber = version.Number;
            NextNumber = (await db.Set<KssStatement>().Where(s => s.FrameworkVersionId == version.Id).Select(s => (int?)s.Number).MaxAsync(ct) ?? 0) + 1;
            BackUrl = Url.Page("/Admin/Frameworks/Version", new { key, number }) ?? "";
        }

        return version;
    }
}
