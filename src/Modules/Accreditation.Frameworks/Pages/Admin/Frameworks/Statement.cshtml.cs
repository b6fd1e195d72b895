using Accreditation.Core.Data;
using Accreditation.Frameworks.Data;
using Accreditation.Frameworks.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Frameworks.Pages.Admin.Frameworks;

/// <summary>Changes the title and description of one statement of a draft version.</summary>
[Authorize(Policy = Permissions.ManageFrameworksPolicy)]
public sealed class StatementModel(AccreditationDbContext db, FrameworkVersioning versioning) : PageModel
{
    /// <summary>The statement's title.</summary>
    [BindProperty]
    public string? Title { get; set; }

    /// <summary>The statement's description.</summary>
    [BindProperty]
    public string? Description { get; set; }

    /// <summary>The statement's row version when the form was shown.</summary>
    [BindProperty]
    public uint RowVersion { get; set; }

    /// <summary>The framework's name.</summary>
    public string FrameworkName { get; private set; } = "";

    /// <summary>The draft's number.</summary>
    public int VersionNumber { get; private set; }

    /// <summary>The statement's number.</summary>
    public int StatementNumber { get; private set; }

    /// <summary>The draft's admin page.</summary>
    public string BackUrl { get; private set; } = "";

    /// <summary>The outcome, shown on the draft's page.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the form; 404 for an unknown statement or a published version.</summary>
    public async Task<IActionResult> OnGetAsync(string key, int number, int statement, CancellationToken ct)
    {
        var found = await FindAsync(key, number, statement, ct);
        if (found is null)
        {
            return NotFound();
        }

        Title = found.Title;
        Description = found.Description;
        RowVersion = found.Version;
        return Page();
    }

    /// <summary>Saves the statement, or shows what is wrong next to the field; 409 when someone else changed it first.</summary>
    public async Task<IActionResult> OnPostAsync(string key, int number, int statement, CancellationToken ct)
    {
        var found = await FindAsync(key, number, statement, ct);
        if (found is null)
        {
            return NotFound();
        }

        var result = await versioning.UpdateStatementAsync(found.Id, RowVersion, Title, Description, ct);
        if (result.Succeeded)
        {
            Message = $"Statement {statement} was saved.";
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

    private async Task<KssStatement?> FindAsync(string key, int number, int statement, CancellationToken ct)
    {
        var version = await db.Set<FrameworkVersion>().AsNoTracking().Include(v => v.Framework)
            .SingleOrDefaultAsync(v => v.Framework!.Key == key && v.Number == number && v.Status == FrameworkVersionStatus.Draft, ct);
        if (version is null)
        {
            return null;
        }

        FrameworkName = version.Framework!.Name;
        VersionNumber = version.Number;
        StatementNumber = statement;
        BackUrl = Url.Page("/Admin/Frameworks/Version", new { key, number }) ?? "";
        return await db.Set<KssStatement>().AsNoTracking().SingleOrDefaultAsync(s => s.FrameworkVersionId == version.Id && s.Number == statement, ct);
    }
}
