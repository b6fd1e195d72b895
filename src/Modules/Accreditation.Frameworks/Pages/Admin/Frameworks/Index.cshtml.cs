using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Frameworks.Data;
using Accreditation.Frameworks.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Frameworks.Pages.Admin.Frameworks;

/// <summary>Lists every framework with all its versions (drafts included); starts a new draft.</summary>
[Authorize(Policy = Permissions.ManageFrameworksPolicy)]
public sealed class IndexModel(AccreditationDbContext db, FrameworkVersioning versioning) : PageModel
{
    /// <summary>One framework and its versions, newest first.</summary>
    public sealed record FrameworkRow(string Key, string Name, int? CurrentNumber, bool CanStartDraft, IReadOnlyList<VersionRow> Versions);

    /// <summary>One version of a framework.</summary>
    public sealed record VersionRow(int Number, FrameworkVersionStatus Status, DateOnly? PublishedOn, int StatementCount);

    /// <summary>The frameworks, by name.</summary>
    public IReadOnlyList<FrameworkRow> Frameworks { get; private set; } = [];

    /// <summary>The outcome of the last change.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Starts a new draft of a framework from its current version.</summary>
    public async Task<IActionResult> OnPostCreateDraftAsync(string key, CancellationToken ct)
    {
        var result = await versioning.CreateDraftAsync(key, ct);
        if (!result.Succeeded)
        {
            result.Errors.AddTo(ModelState);

            await LoadAsync(ct);
            return Page();
        }

        Message = $"Version {result.Version!.Number} is a new draft. Change its statements, then publish it.";
        return RedirectToPage("/Admin/Frameworks/Version", new { key, number = result.Version.Number });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var frameworks = await db.Set<Framework>().AsNoTracking()
            .Select(f => new
            {
                f.Key,
                f.Name,
                Versions = f.Versions.Select(v => new VersionRow(v.Number, v.Status, v.PublishedOn, v.Statements.Count)).ToList(),
            })
            .ToListAsync(ct);
        Frameworks = frameworks
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f =>
            {
                var published = f.Versions.Where(v => v.Status == FrameworkVersionStatus.Published).Select(v => (int?)v.Number).Max();
                var hasDraft = f.Versions.Any(v => v.Status == FrameworkVersionStatus.Draft);
                return new FrameworkRow(f.Key, f.Name, published, published is not null && !hasDraft, f.Versions.OrderByDescending(v => v.Number).ToList());
            })
            .ToList();
    }
}
