using Accreditation.Core.Identity;
using Accreditation.Core.Web;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Endorsements;
using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Submissions;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>
/// The candidate chooses who endorses them from the endorsers of their own organisation (or asks its admin to make
/// someone one), and sees the answer. There is no link to pass on: the endorser is emailed and signs in.
/// </summary>
public sealed class EndorsementModel(CandidatePortfolio portfolios, PortfolioSubmission submissions, EndorsementRequests requests, SiteAddress site) : PortfolioPageModel(portfolios)
{
    /// <summary>The current request, if any.</summary>
    public Endorsement? Current { get; private set; }

    /// <summary>Where the endorsement stands.</summary>
    public EndorsementStanding Standing { get; private set; }

    /// <summary>The people who may endorse this portfolio: the endorsers of its organisation.</summary>
    public IReadOnlyList<PersonSummary> Endorsers { get; private set; } = [];

    /// <summary>The portfolio's organisation, or null when it has none.</summary>
    public string? OrganisationName { get; private set; }

    /// <summary>The chosen endorser's user id.</summary>
    [BindProperty]
    public string? EndorserId { get; set; }

    /// <summary>"Line manager" or "Principal social worker".</summary>
    [BindProperty]
    public string? EndorserRole { get; set; }

    /// <summary>A note for the organisation's admin when asking for an endorser.</summary>
    [BindProperty]
    public string? Note { get; set; }

    /// <summary>What happened, shown in a banner.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the status and the choice.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        await ShowAsync(ct);
        return Page();
    }

    /// <summary>Asks the chosen endorser; a choice outside the organisation's endorsers (or oneself) is refused with the reason.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var outcome = await requests.RequestAsync(Portfolio, EndorserId, EndorserRole, site.Root, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError(outcome.Field!, outcome.Error!);
            await ShowAsync(ct);
            return Page();
        }

        Message = $"We have emailed {outcome.Endorsement!.EndorserName} to ask them to endorse your portfolio.";
        return RedirectToPage("/Portfolio/Endorsement", new { id = Portfolio.Enrolment.Id });
    }

    /// <summary>Emails the organisation's admins to ask them to make the candidate's endorser one.</summary>
    public async Task<IActionResult> OnPostAskAdminAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var outcome = await requests.AskForAnEndorserAsync(Portfolio, Note, site.Root, ct);
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError(outcome.Field!, outcome.Error!);
            await ShowAsync(ct);
            return Page();
        }

        Message = "We have emailed your organisation's admin. When they have made your endorser one, choose them here.";
        return RedirectToPage("/Portfolio/Endorsement", new { id = Portfolio.Enrolment.Id });
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        Current = await submissions.CurrentEndorsementAsync(Portfolio.Enrolment.Id, ct);
        Standing = EndorsementRequests.StandingOf(Current, Portfolio);
        Endorsers = await requests.EndorsersForAsync(Portfolio.Enrolment, ct);
        OrganisationName = await requests.OrganisationNameAsync(Portfolio.Enrolment, ct);
    }
}
