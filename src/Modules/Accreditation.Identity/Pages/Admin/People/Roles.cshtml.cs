using Accreditation.Core.Data;
using Accreditation.Identity.Organisations;
using Accreditation.Identity.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Pages.Admin.People;

/// <summary>
/// Changes a person's roles (and, for platform admins, organisation). Only roles within the admin's remit are
/// offered; a request for any other role is refused. 404 for people outside the remit; 409 for a stale form.
/// </summary>
[Authorize(Policy = Permissions.ManageOrganisationUsersPolicy)]
public sealed class RolesModel(AccreditationDbContext db, PeopleAdministration administration) : PageModel
{
    /// <summary>The person's user id.</summary>
    [FromRoute]
    public string Id { get; set; } = "";

    /// <summary>The roles chosen.</summary>
    [BindProperty]
    public List<string> Roles { get; set; } = [];

    /// <summary>The organisation chosen (platform admins).</summary>
    [BindProperty]
    public Guid? OrganisationId { get; set; }

    /// <summary>The person's concurrency stamp when the form was shown.</summary>
    [BindProperty]
    public string? ConcurrencyStamp { get; set; }

    /// <summary>The person's name.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The admin's remit.</summary>
    public AdminRemit Remit { get; private set; } = new(false, null, "");

    /// <summary>Organisations to choose from (platform admins).</summary>
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    /// <summary>The outcome, shown on the person's page.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (person, held) = await LoadAsync(ct);
        if (person is null)
        {
            return NotFound();
        }

        if (!Remit.CanChange(person, held))
        {
            return Forbid();
        }

        Roles = held;
        OrganisationId = person.OrganisationId;
        ConcurrencyStamp = person.ConcurrencyStamp;
        return Page();
    }

    /// <summary>Saves the roles, or shows what is wrong.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (person, held) = await LoadAsync(ct);
        if (person is null)
        {
            return NotFound();
        }

        // Roles the admin may not give are never offered: asking for one is not a mistake to correct on the form.
        if (!Remit.CanChange(person, held) || Roles.Any(r => !Remit.CanGrant(r)))
        {
            return Forbid();
        }

        var organisation = Remit.WholePlatform ? OrganisationId : person.OrganisationId;
        if (organisation is { } chosen && !await db.Set<Organisation>().AnyAsync(o => o.Id == chosen, ct))
        {
            ModelState.AddModelError(nameof(OrganisationId), "Select an organisation from the list");
        }

        // Roles outside the remit the person holds (a platform admin sees every role) are kept.
        var wanted = Roles.Distinct(StringComparer.Ordinal).Concat(held.Where(r => !Remit.CanGrant(r))).ToList();
        if (wanted.Count == 0)
        {
            ModelState.AddModelError(nameof(Roles), "Select at least one role");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await administration.ChangeAsync(person, wanted, organisation, ConcurrencyStamp, ct);
        if (outcome == PersonChange.Conflict)
        {
            db.ChangeTracker.Clear();
            (person, held) = await LoadAsync(ct);
            Roles = held;
            OrganisationId = person!.OrganisationId;
            ConcurrencyStamp = person.ConcurrencyStamp;
            ModelState.Clear();
            ModelState.AddModelError(nameof(Roles), "Someone else changed this person while you were editing. Their current roles are shown: make your change again.");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Message = outcome == PersonChange.Saved ? $"{Name}'s roles were saved." : $"Nothing changed for {Name}.";
        return RedirectToPage("/Admin/People/Person", new { id = Id });
    }

    private async Task<(Core.Identity.PlatformUser? Person, List<string> Held)> LoadAsync(CancellationToken ct)
    {
        Remit = await administration.RemitAsync(User);
        var person = await administration.FindAsync(Remit, Id);
        if (person is null)
        {
            return (null, []);
        }

        Name = person.DisplayName.Length > 0 ? person.DisplayName : person.Email ?? "";
        if (Remit.WholePlatform)
        {
            Organisations = await db.Set<Organisation>().AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        }

        var held = (await administration.RolesOfAsync([person.Id], ct)).GetValueOrDefault(person.Id) ?? [];
        return (person, held);
    }
}
