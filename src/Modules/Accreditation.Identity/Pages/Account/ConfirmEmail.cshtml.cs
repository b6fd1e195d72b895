using System.Text;
using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Accreditation.Identity.Pages.Account;

/// <summary>
/// Where the link sent to a new email address leads: confirming it (a button, so a mail scanner following links
/// changes nothing) makes it the account's address and sign-in name, and ends the person's other sessions.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmEmailModel(UserManager<PlatformUser> users, IAuditTrail audit) : PageModel
{
    /// <summary>The account.</summary>
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    /// <summary>The new address.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    /// <summary>The token from the link.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>Whether the address has been changed.</summary>
    public bool Changed { get; private set; }

    /// <summary>Shows the confirm button.</summary>
    public IActionResult OnGet() => string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Email) || string.IsNullOrEmpty(Token) ? NotFound() : Page();

    /// <summary>Makes the change, or says the link no longer works.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = string.IsNullOrEmpty(UserId) ? null : await users.FindByIdAsync(UserId);
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Token ?? ""));
        }
        catch (FormatException)
        {
            token = "";
        }

        if (user is null || string.IsNullOrEmpty(Email) || token.Length == 0)
        {
            return StatusCode(StatusCodes.Status410Gone);
        }

        var result = await users.ChangeEmailAsync(user, Email, token);
        if (!result.Succeeded)
        {
            return StatusCode(StatusCodes.Status410Gone);
        }

        audit.Add("account.email-changed", "User", user.Id);
        await users.SetUserNameAsync(user, Email);
        Changed = true;
        return Page();
    }
}
