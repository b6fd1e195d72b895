using Accreditation.Core.Data;
using Accreditation.Identity.Organisations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Pages.Admin.Organisations;

/// <summary>Lists the organisations with how many people belong to each.</summary>
[Authorize(Policy = Permissions.ManageOrganisationsPolicy)]
public sealed class IndexModel(AccreditationDbContext db) : PageModel
{
    /// <summary>The organisations, by name.</summary>
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    /// <summary>People per organisation id.</summary>
    public IReadOnlyDictionary<Guid, int> People { get; private set; } = new Dictionary<Guid, int>();

    /// <summary>The outcome of the last change.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the list.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        Organisations = await db.Set<Organisation>().AsNoTracking().OrderBy(o => o.Name).ThenBy(o => o.Code).ToListAsync(ct);
        People = await db.Users.Where(u => u.OrganisationId != null).GroupBy(u => u.OrganisationId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
