using System.Security.Claims;
using Accreditation.Core.Identity;
using Accreditation.Core.Web;
using Accreditation.Portfolios.Endorsements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Portfolios.Pages.Organisation;

/// <summary>Passes a pending endorsement request of the admin's organisation to another of its endorsers (never the candidate).</summary>
[Authorize(Policy = Permissions.OverseeOrganisationPolicy)]
public sealed class ReassignModel(EndorsementRequests requests, IPeopleDirectory people, SiteAddress site) : PageModel
{
    /// <summary>The request.</summary>
    public PendingEndorsement Pending { get; private set; } = null!;

    /// <summary>The endorsers it can go to: the organisation's, less its current endorser and the candidate.</summary>
    public IReadOnlyList<PersonSummary> Endorsers { get; private set; } = [];

    /// <summary>The chosen endorser's user id.</summary>
    [BindProperty]
    public string? EndorserId { get; set; }

    /// <summary>What happened, for the list page's banner.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the choice.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) is null ? NotFound() : Page();

    /// <summary>Reassigns, or shows why not.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } organisation)
        {
            return NotFound();
        }

        var outcome = await requests.ReassignAsync(id, organisation, EndorserId, site.Root, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError(outcome.Field!, outcome.Error!);
            Response.StatusCode = outcome.IsConflict ? Microsoft.AspNetCore.Http.StatusCodes.Status409Conflict : Response.StatusCode;
            return Page();
        }

        Message = $"{Pending.CandidateName}'s request has been passed to {outcome.Endorsement!.EndorserName}, who has been emailed.";
        return RedirectToPage("/Organisation/Endorsements");
    }

    private async Task<Guid?> LoadAsync(Guid id, CancellationToken ct)
    {
        var me = await people.FindAsync(User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", ct);
        if (me?.OrganisationId is not { } organisation)
        {
            return null;
        }

        var pending = (await requests.PendingForOrganisationAsync(organisation, ct)).SingleOrDefault(p => p.Id == id);
        if (pending is null)
        {
            return null;
        }

        Pending = pending;
        Endorsers = (await people.EndorsersOfAsync(organisation, ct)).Where(p => p.Id != pending.EndorserId && p.Id != pending.CandidateId).ToList();
        return organisation;
    }
}
