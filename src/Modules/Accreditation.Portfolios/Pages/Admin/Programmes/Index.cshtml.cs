using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Admin.Programmes;

/// <summary>Lists programmes and creates one on a published framework.</summary>
[Authorize(Policy = Permissions.ManageProgrammesPolicy)]
public sealed class IndexModel(AccreditationDbContext db, IFrameworkCatalog frameworks, ProgrammeCatalog programmes) : PageModel
{
    /// <summary>The programmes with their windows.</summary>
    public IReadOnlyList<Programme> Programmes { get; private set; } = [];

    /// <summary>Published frameworks to choose from.</summary>
    public IReadOnlyList<FrameworkSummary> Frameworks { get; private set; } = [];

    /// <summary>New programme's name.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The framework key.</summary>
    [BindProperty]
    public string? Framework { get; set; }

    /// <summary>Shows the list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    /// <summary>Creates a programme on the framework's current version.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = Name?.Trim() ?? "";
        ProgrammeInputValidator.Instance.Validate(new ProgrammeInput(Name, Framework)).ToFormErrors().AddTo(ModelState);

        if (ModelState.IsValid)
        {
            var (programme, error) = await programmes.AddProgrammeAsync(name, Framework!, null, ct);
            if (programme is not null)
            {
                await db.SaveChangesAsync(ct);
                return RedirectToPage("/Admin/Programmes/Programme", new { id = programme.Id });
            }

            ModelState.AddModelError(error!.Contains("already exists", StringComparison.Ordinal) ? nameof(Name) : nameof(Framework), error.TrimEnd('.'));
        }

        await ShowAsync(ct);
        return Page();
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        Programmes = await db.Set<Programme>().AsNoTracking().Include(p => p.Windows).OrderBy(p => p.Name).ToListAsync(ct);
        Frameworks = await frameworks.ListAsync(ct);
    }
}
