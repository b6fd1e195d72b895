using Accreditation.Core.Dates;
using Accreditation.Frameworks;
using Accreditation.Marking.Certificates;
using Accreditation.Marking.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Marking.Pages.Certificates;

/// <summary>The public page anyone can use to check a certificate by its code: holder, programme, framework version, dates, revoked or not.</summary>
[AllowAnonymous]
public sealed class VerifyModel(Awards awards, IFrameworkCatalog frameworks, TimeProvider clock) : PageModel
{
    /// <summary>The award, or null for an unknown code.</summary>
    public Award? Award { get; private set; }

    /// <summary>"accredited", "lapsed" or "revoked".</summary>
    public string Status { get; private set; } = "";

    /// <summary>The framework's name, never its key.</summary>
    public string FrameworkName { get; private set; } = "";

    /// <summary>Shows the award (a 404 page for an unknown code).</summary>
    public async Task OnGetAsync(string code, CancellationToken ct)
    {
        Award = code.Length > 40 ? null : await awards.FindByCodeAsync(code, ct);
        if (Award is null)
        {
            Response.StatusCode = 404;
            return;
        }

        Status = Awards.StatusOn(Award, UkCalendar.Today(clock));
        FrameworkName = await FrameworkNames.OfAsync(frameworks, Award.FrameworkKey, Award.FrameworkVersion, ct);
    }
}
