using Accreditation.Core.Data;
using Accreditation.Publishing.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Admin.Publishing;

/// <summary>Lists practice updates and pages with their workflow status.</summary>
[Authorize(Policy = Permissions.AreaPolicy)]
public sealed class IndexModel(AccreditationDbContext db) : PageModel
{
    /// <summary>Every item, newest change first.</summary>
    public IReadOnlyList<PracticeUpdate> Items { get; private set; } = [];

    /// <summary>Loads the list.</summary>
    public async Task OnGetAsync(CancellationToken ct) =>
        Items = (await db.Set<PracticeUpdate>().AsNoTracking().ToListAsync(ct)).OrderByDescending(u => u.UpdatedAt).ToList();
}
