using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Portfolios.Endorsements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Portfolios.Pages.Organisation;

/// <summary>
/// An organisation admin's view of their authority's endorsement requests still waiting for an endorser (unanswered, or
/// endorsed portfolios changed since), each with who has it and a way to pass it to another endorser. Never portfolio content.
/// </summary>
[Authorize(Policy = Permissions.OverseeOrganisationPolicy)]
public sealed class EndorsementsModel(EndorsementRequests requests, IPeopleDirectory people, IAuditTrail audit) : PageModel
{
    /// <summary>Whether the admin belongs to an organisation.</summary>
    public bool HasOrganisation { get; private set; }

    /// <summary>The requests waiting, oldest first.</summary>
    public IReadOnlyList<PendingEndorsement> Pending { get; private set; } = [];

    /// <summary>What happened, shown in a banner.</summary>
    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Message { get; set; }

    /// <summary>Shows the requests.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = await people.FindAsync(User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", ct);
        if (me?.OrganisationId is not { } organisation)
        {
            return;
        }

        HasOrganisation = true;
        Pending = await requests.PendingForOrganisationAsync(organisation, ct);
        await audit.RecordAsync("organisation.endorsements-viewed", "Organisation", organisation.ToString(), $"{Pending.Count} pending", ct);
    }
}
