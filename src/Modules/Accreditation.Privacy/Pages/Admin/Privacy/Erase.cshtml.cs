using System.Security.Claims;
using Accreditation.Core.Identity;
using Accreditation.Core.Data;
using Accreditation.Core.Privacy;
using Accreditation.Privacy.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Privacy.Pages.Admin.Privacy;

/// <summary>Erases a person's data on request: shows the plan first (deleted, anonymised, kept and why, held), then asks for it.</summary>
[Authorize(Policy = Permissions.ManagePersonalDataPolicy)]
public sealed class EraseModel(PrivacyRequests requests, IPeopleDirectory people) : PageModel
{
    /// <summary>The person's user id.</summary>
    [FromRoute]
    public string Id { get; set; } = "";

    /// <summary>Their name and email address.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The plan.</summary>
    public IReadOnlyList<ErasurePlanLine> Plan { get; private set; } = [];

    /// <summary>The admin confirmed the request and the plan.</summary>
    [BindProperty]
    public bool Confirm { get; set; }

    /// <summary>The outcome, shown on the requests page.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the plan.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) is null ? NotFound() : Page();

    /// <summary>Asks for the erasure.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var plan = await LoadAsync(ct);
        if (plan is null)
        {
            return NotFound();
        }

        var adminId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        if (Id == adminId)
        {
            ModelState.AddModelError(string.Empty, "You cannot erase yourself here. Close your own account from Your account > Your personal data");
            return Page();
        }

        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), "Confirm that the person asked for erasure and that you have checked the plan");
            return Page();
        }

        var asked = await requests.AskForErasureAsync(Id, adminId, plan, ct);
        if (asked.Refusal is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        Message = plan.HasHolds
            ? $"Erasure of {Name} was asked for. What is held stays until its hold ends; everything else is erased within minutes."
            : $"Erasure of {Name} was asked for. It runs within minutes.";
        return RedirectToPage("/Admin/Privacy/Index");
    }

    private async Task<ErasurePlan?> LoadAsync(CancellationToken ct)
    {
        var person = await people.FindAnyAsync(Id, ct);
        if (person is null)
        {
            return null;
        }

        Name = person.DisplayName.Length > 0 ? $"{person.DisplayName} ({person.Email})" : person.Email.Length > 0 ? person.Email : Id;
        var plan = await requests.PlanAsync(Id, ct);
        Plan = plan?.Lines ?? [];
        return plan;
    }
}
