using Accreditation.Frameworks;
using Accreditation.Marking.Certificates;
using Accreditation.Marking.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Marking.Pages.Certificates;

/// <summary>The holder's printable certificate with its verification code, and the link to download the credential.</summary>
[Authorize(Policy = Permissions.ViewOwnResultsPolicy)]
public sealed class CertificateModel(Awards awards, IFrameworkCatalog frameworks) : PageModel
{
    /// <summary>The award.</summary>
    public Award Award { get; private set; } = null!;

    /// <summary>The framework's name ("Post-qualifying standard: knowledge and skills statement for practice leaders"), never its key.</summary>
    public string FrameworkName { get; private set; } = "";

    /// <summary>Shows the certificate to its holder (404 for anyone else).</summary>
    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var award = await awards.FindByCodeAsync(code, ct);
        if (award is null || award.HolderId != User.UserId())
        {
            return NotFound();
        }

        Award = award;
        FrameworkName = await FrameworkNames.OfAsync(frameworks, award.FrameworkKey, award.FrameworkVersion, ct);
        return Page();
    }
}
