using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Portfolios.Pages.Endorse;

/// <summary>
/// Where the endorsement links sent before endorsers had to sign in now lead (the page and its file downloads alike):
/// 410 Gone with what to do instead. Nothing of any portfolio is read, whatever the link holds.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class IndexModel : PageModel
{
    /// <summary>Explains that the link no longer works.</summary>
    public IActionResult OnGet() => Gone();

    /// <summary>An answer posted to an old link is refused the same way.</summary>
    public IActionResult OnPost() => Gone();

    private PageResult Gone()
    {
        Response.StatusCode = StatusCodes.Status410Gone;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
