using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Privacy.Pages.Account.Privacy;

/// <summary>Confirms that the account is closed and says what happens next.</summary>
[AllowAnonymous]
public sealed class ClosedModel : PageModel
{
    /// <summary>Shows the page.</summary>
    public void OnGet()
    {
    }
}
