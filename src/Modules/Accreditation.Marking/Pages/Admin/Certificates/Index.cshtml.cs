using Accreditation.Marking.Certificates;
using Accreditation.Marking.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Marking.Pages.Admin.Certificates;

/// <summary>Admins list certificates and revoke one with a reason (the verification page and the status list then say so).</summary>
[Authorize(Policy = Permissions.ManageCertificatesPolicy)]
public sealed class IndexModel(Awards awards) : PageModel
{
    /// <summary>Every award.</summary>
    public IReadOnlyList<Award> Rows { get; private set; } = [];

    /// <summary>The award to revoke.</summary>
    [BindProperty]
    public Guid AwardId { get; set; }

    /// <summary>Why.</summary>
    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>Shows the list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => Rows = await awards.ListAsync(ct);

    /// <summary>Revokes a certificate.</summary>
    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Reason) || Reason.Length > 1000)
        {
            ModelState.AddModelError(nameof(Reason), "Give the reason for revoking the certificate, in 1,000 characters or fewer");
            Rows = await awards.ListAsync(ct);
            return Page();
        }

        if (!await awards.RevokeAsync(AwardId, Reason, ct))
        {
            ModelState.AddModelError(nameof(Reason), "That certificate is unknown or already revoked");
            Rows = await awards.ListAsync(ct);
            return Page();
        }

        TempData["Message"] = "The certificate was revoked.";
        return RedirectToPage("/Admin/Certificates/Index");
    }
}
