using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Pages.Lead;

/// <summary>The assessor pool: open markings, capacity (a lead assessor sets it) and whether each takes new allocations.</summary>
[Authorize(Policy = Permissions.LeadPolicy)]
public sealed class AssessorsModel(AccreditationDbContext db, IPeopleDirectory people, IAuditTrail audit) : PageModel
{
    /// <summary>One assessor.</summary>
    public sealed record Row(string UserId, string Name, int Open, int Capacity, bool Available);

    /// <summary>The pool.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The assessor changed.</summary>
    [BindProperty]
    public string? UserId { get; set; }

    /// <summary>Their new capacity.</summary>
    [BindProperty]
    public int? Capacity { get; set; }

    /// <summary>Whether they take new allocations.</summary>
    [BindProperty]
    public bool Available { get; set; }

    /// <summary>Shows the pool.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Sets an assessor's capacity.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Rows.All(r => r.UserId != UserId) || Capacity is not (>= 0 and <= 200))
        {
            ModelState.AddModelError(nameof(Capacity), "Enter a capacity from 0 to 200");
            return Page();
        }

        var profile = await db.Set<AssessorProfile>().SingleOrDefaultAsync(p => p.UserId == UserId, ct);
        if (profile is null)
        {
            profile = new AssessorProfile { UserId = UserId! };
            db.Add(profile);
        }

        profile.Capacity = Capacity.Value;
        profile.Available = Available;
        audit.Add("assessor.capacity-set", "AssessorProfile", UserId, $"{Capacity}, {(Available ? "available" : "not taking allocations")}");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "Saved.";
        return RedirectToPage("/Lead/Assessors");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var pool = await people.HoldersOfRoleAsync(Roles.Assessor, ct);
        var ids = pool.Select(u => u.Id).ToList();
        var profiles = await db.Set<AssessorProfile>().AsNoTracking().Where(p => ids.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, ct);
        var open = (await db.Set<AssessorMarking>().AsNoTracking().Where(m => MarkingAllocation.Open.Contains(m.Status) && ids.Contains(m.AssessorId))
            .Select(m => m.AssessorId).ToListAsync(ct)).CountBy(x => x).ToDictionary(x => x.Key, x => x.Value);
        Rows = pool.Select(u => new Row(u.Id, u.Name.Length > 0 ? u.Name : u.Id, open.GetValueOrDefault(u.Id),
                profiles.TryGetValue(u.Id, out var p) ? p.Capacity : new AssessorProfile { UserId = u.Id }.Capacity, p?.Available ?? true))
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
