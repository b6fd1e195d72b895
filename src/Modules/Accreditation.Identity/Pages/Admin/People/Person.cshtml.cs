using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Identity.Organisations;
using Accreditation.Identity.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Pages.Admin.People;

/// <summary>One person's details, roles and status; reactivates a deactivated person. 404 outside the admin's remit.</summary>
[Authorize(Policy = Permissions.ManageOrganisationUsersPolicy)]
public sealed class PersonModel(AccreditationDbContext db, PeopleAdministration administration) : PageModel
{
    /// <summary>The person's user id.</summary>
    [FromRoute]
    public string Id { get; set; } = "";

    /// <summary>The person's concurrency stamp when the page was shown.</summary>
    [BindProperty]
    public string? ConcurrencyStamp { get; set; }

    /// <summary>The person.</summary>
    public PlatformUser? Person { get; private set; }

    /// <summary>The name shown.</summary>
    public string Name => Person is null ? "" : Person.DisplayName.Length > 0 ? Person.DisplayName : Person.Email ?? "";

    /// <summary>Their organisation's name.</summary>
    public string? OrganisationName { get; private set; }

    /// <summary>Their roles.</summary>
    public IReadOnlyList<string> Roles { get; private set; } = [];

    /// <summary>Whether this admin may change them.</summary>
    public bool CanChange { get; private set; }

    /// <summary>Whether the person is the admin.</summary>
    public bool IsSelf { get; private set; }

    /// <summary>The outcome of the last change.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the person.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) is null ? NotFound() : Page();

    /// <summary>Reactivates the person.</summary>
    public async Task<IActionResult> OnPostReactivateAsync(CancellationToken ct)
    {
        var remit = await LoadAsync(ct);
        if (remit is null)
        {
            return NotFound();
        }

        if (!CanChange)
        {
            return Forbid();
        }

        var outcome = await administration.ReactivateAsync(Person!, ConcurrencyStamp);
        if (outcome == PersonChange.Conflict)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            ModelState.AddModelError(string.Empty, "Someone else changed this person while you were looking at them. Their current details are shown: check them and try again.");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Message = $"{Name} was reactivated and can sign in again.";
        return RedirectToPage("/Admin/People/Person", new { id = Id });
    }

    private async Task<AdminRemit?> LoadAsync(CancellationToken ct)
    {
        var remit = await administration.RemitAsync(User);
        Person = await administration.FindAsync(remit, Id);
        if (Person is null)
        {
            return null;
        }

        Roles = (await administration.RolesOfAsync([Person.Id], ct)).GetValueOrDefault(Person.Id) ?? [];
        OrganisationName = Person.OrganisationId is { } o ? await db.Set<Organisation>().Where(x => x.Id == o).Select(x => x.Name).SingleOrDefaultAsync(ct) : null;
        CanChange = remit.CanChange(Person, Roles);
        IsSelf = Person.Id == remit.AdminId;
        return remit;
    }
}
