using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Assessments.Pages;

/// <summary>A page the signed-in person uses for themselves: knows their user id.</summary>
public abstract class CandidatePage : PageModel
{
    /// <summary>The signed-in person's user id.</summary>
    protected string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
