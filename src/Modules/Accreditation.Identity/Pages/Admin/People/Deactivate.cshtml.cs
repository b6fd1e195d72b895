using Accreditation.Core.Data;
using Accreditation.Identity.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Admin.People;

/// <summary>Deactivates a person after a confirmation: they cannot sign in and their sessions end. 404 outside the admin's remit.</summary>
[Authorize(Policy = Permissions.ManageOrganisationUsersPolicy)]
public sealed class DeactivateModel(AccreditationDbContext db, PeopleAdministration administration) : PageModel
{
    /// <summary>The person's user id.</summary>
    [FromRoute]
    public string Id { get; set; } = "";

    /// <summary>The person's concurrency stamp when the page was shown.</summary>
    [BindProperty]
    public string? ConcurrencyStamp { get; set; }

    /// <summary>The person's name.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The outcome, shown on the person's page.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Asks to confirm.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (found, allowed, person) = await LoadAsync(ct);
        if (!found)
        {
            return NotFound();
        }

        if (!allowed)
        {
            return Forbid();
        }

        ConcurrencyStamp = person!.ConcurrencyStamp;
        return Page();
    }

    /// <summary>Deactivates the person.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (found, allowed, person) = await LoadAsync(ct);
        if (!found)
        {
            return NotFound();
        }

        if (!allowed)
        {
            return Forbid();
        }

        var outcome = await administration.DeactivateAsync(person!, ConcurrencyStamp, ct);
        if (outcome == PersonChange.Conflict)
        {
            db.ChangeTracker.Clear();
            (_, _, person) = await LoadAsync(ct);
            ConcurrencyStamp = person!.ConcurrencyStamp;
            ModelState.AddModelError(string.Empty, $"Someone else changed {Name} while you were looking at them. Check their details and try again.");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Message = outcome == PersonChange.Saved ? $"{Name} was deactivated. They are signed out everywhere within 5 minutes." : $"{Name} was already deactivated.";
        return RedirectToPage("/Admin/People/Person", new { id = Id });
    }

    private async Task<(bool Found, bool Allowed, Core.Identity.PlatformUser? Person)> LoadAsync(CancellationToken ct)
    {
        var remit = await administration.RemitAsync(User);
        var person = await administration.FindAsync(remit, Id);
        if (person is null)
        {
            return (false, false, null);
        }

        Name = person.DisplayName.Length > 0 ? person.DisplayName : person.Email ?? "";
        var held = (await administration.RolesOfAsync([person.Id], ct)).GetValueOrDefault(person.Id) ?? [];
        return (true, remit.CanChange(person, held), person);
    }
}
