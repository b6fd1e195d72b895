using System.Security.Claims;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Endorsements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Portfolios.Pages.Endorsements;

/// <summary>An endorser's requests: those waiting for them first, then those they have answered (without the portfolios).</summary>
[Authorize(Policy = Permissions.EndorsePolicy)]
public sealed class IndexModel(EndorsementRequests requests) : PageModel
{
    /// <summary>Requests waiting for an answer or a confirmation.</summary>
    public IReadOnlyList<PendingEndorsement> Pending { get; private set; } = [];

    /// <summary>Every request, newest first.</summary>
    public IReadOnlyList<Endorsement> All { get; private set; } = [];

    /// <summary>Shows the lists.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        Pending = await requests.PendingForEndorserAsync(me, ct);
        var pending = Pending.Select(p => p.Id).ToHashSet();
        All = (await requests.AllForEndorserAsync(me, ct)).Where(e => !pending.Contains(e.Id)).ToList();
    }
}
