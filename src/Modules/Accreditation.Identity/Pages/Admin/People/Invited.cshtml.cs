using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Admin.People;

/// <summary>Confirms an invitation, showing its link once when it could not be emailed.</summary>
[Authorize(Policy = Permissions.ManageOrganisationUsersPolicy)]
public sealed class InvitedModel : PageModel
{
    /// <summary>The link, when it must be passed on by the admin.</summary>
    public string? Link { get; private set; }

    /// <summary>Who was invited.</summary>
    public string? Email { get; private set; }

    /// <summary>Shows the confirmation; without a fresh invitation, back to the list.</summary>
    public IActionResult OnGet()
    {
        Email = TempData["InvitedEmail"] as string;
        Link = TempData["InvitationLink"] as string;
        return Email is null ? RedirectToPage("/Admin/People/Index") : Page();
    }
}
