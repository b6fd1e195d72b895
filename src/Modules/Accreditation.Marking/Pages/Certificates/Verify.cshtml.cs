using Accreditation.Core.Contracts;
using Accreditation.Core.Dates;
using Accreditation.Marking.Certificates;
using Accreditation.Marking.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Marking.Pages.Certificates;

/// <summary>The public page anyone can use to check a certificate by its code: holder, programme, framework version, dates, revoked or not.</summary>
[AllowAnonymous]
public sealed class VerifyModel(Awards awards, TimeProvider clock) : PageModel
{
    /// <summary>The award, or null for an unknown code.</summary>
    public Award? Award { get; private set; }

    /// <summary>The API's status code: accredited, lapsed or revoked.</summary>
    public string Status { get; private set; } = "";

    /// <summary>The status in the words every viewer reads.</summary>
    public string StatusWords => AccreditationStatuses.Words(Status) ?? "";

    /// <summary>The framework's name.</summary>
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
        FrameworkName = await awards.FrameworkNameAsync(Award, ct);
    }
}
