using System.Security.Claims;
using Accreditation.Core.Identity;
using Accreditation.Core.Privacy;
using Accreditation.Privacy.Requests;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Privacy.Pages.Account.Privacy;

/// <summary>
/// Closes the signed-in person's account: shows the erasure plan first, and on confirmation asks for the erasure, switches
/// the account off and signs them out. The erasure itself runs in the background.
/// </summary>
public sealed class CloseModel(PrivacyRequests requests, IAccountClosure accounts) : PageModel
{
    /// <summary>The plan.</summary>
    public IReadOnlyList<ErasurePlanLine> Plan { get; private set; } = [];

    /// <summary>Whether the person is the only platform admin (then the account cannot be closed).</summary>
    public bool OnlyAdmin { get; private set; }

    /// <summary>The person confirmed they understand.</summary>
    [BindProperty]
    public bool Confirm { get; set; }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    /// <summary>Shows the plan.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) is null ? NotFound() : Page();

    /// <summary>Closes the account after confirmation.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var plan = await LoadAsync(ct);
        if (plan is null)
        {
            return NotFound();
        }

        if (OnlyAdmin)
        {
            ModelState.AddModelError(string.Empty, "You are the only platform admin. Give another person that role before you close your account");
            return Page();
        }

        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), "Confirm that you understand your account will be closed and your data erased");
            return Page();
        }

        var asked = await requests.AskForErasureAsync(UserId, UserId, plan, ct);
        if (asked.Refusal is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        // Closed means closed at once: no sign-in, every session ends, while the erasure waits for its turn.
        await accounts.CloseAsync(UserId, ct);
        return RedirectToPage("/Account/Privacy/Closed");
    }

    private async Task<ErasurePlan?> LoadAsync(CancellationToken ct)
    {
        var plan = await requests.PlanAsync(UserId, ct);
        Plan = plan?.Lines ?? [];
        OnlyAdmin = plan?.IsHeld(ErasureHolds.OnlyPlatformAdmin) == true;
        return plan;
    }
}
