using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Account.TwoFactor;

/// <summary>Shows newly made recovery codes once (they come from the page that made them, never from the database).</summary>
public sealed class RecoveryCodesModel : PageModel
{
    /// <summary>The codes.</summary>
    public IReadOnlyList<string> Codes { get; private set; } = [];

    /// <summary>Shows the codes; without new ones, the two-factor page.</summary>
    public IActionResult OnGet()
    {
        Codes = (TempData["RecoveryCodes"] as string)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return Codes.Count == 0 ? RedirectToPage("/Account/TwoFactor/Index") : Page();
    }
}
