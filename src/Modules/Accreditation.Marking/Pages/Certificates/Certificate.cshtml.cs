using Accreditation.Marking.Certificates;
using Accreditation.Marking.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Marking.Pages.Certificates;

/// <summary>The holder's printable certificate with its verification code, and the link to download the credential.</summary>
[Authorize(Policy = Permissions.ViewOwnResultsPolicy)]
public sealed class CertificateModel(Awards awards) : PageModel
{
    /// <summary>The award.</summary>
    public Award Award { get; private set; } = null!;

    /// <summary>The framework's name.</summary>
    public string FrameworkName { get; private set; } = "";

    /// <summary>What the award was decided on.</summary>
    public IReadOnlyList<string> Components { get; private set; } = [];

    /// <summary>Shows the certificate to its holder (404 for anyone else).</summary>
    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var award = await awards.FindByCodeAsync(code, ct);
        if (award is null || award.HolderId != User.UserId())
        {
            return NotFound();
        }

        Award = award;
        FrameworkName = await awards.FrameworkNameAsync(award, ct);
        Components = await awards.ComponentNamesAsync(award, ct);
        return Page();
    }
}
