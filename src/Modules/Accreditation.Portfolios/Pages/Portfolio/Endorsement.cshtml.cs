using System.Net.Mail;
using Accreditation.Core.Web;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Endorsements;
using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Submissions;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>Asks the candidate's line manager or principal social worker to endorse them, and shows the answer.</summary>
public sealed class EndorsementModel(CandidatePortfolio portfolios, PortfolioSubmission submissions, EndorsementInvitation invitations, SiteAddress site) : PortfolioPageModel(portfolios)
{
    /// <summary>The current request, if any.</summary>
    public Endorsement? Current { get; private set; }

    /// <summary>The link for an open request (shown until email sending is wired in).</summary>
    public string? Link { get; private set; }

    /// <summary>The endorser's name.</summary>
    [BindProperty]
    public string? EndorserName { get; set; }

    /// <summary>The endorser's email.</summary>
    [BindProperty]
    public string? EndorserEmail { get; set; }

    /// <summary>"Line manager" or "Principal social worker".</summary>
    [BindProperty]
    public string? EndorserRole { get; set; }

    /// <summary>Shows the status and the form.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        await ShowAsync(ct);
        return Page();
    }

    /// <summary>Records the request and shows the link to pass on.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var name = EndorserName?.Trim() ?? "";
        var email = EndorserEmail?.Trim() ?? "";
        if (name.Length == 0)
        {
            ModelState.AddModelError(nameof(EndorserName), "Enter your endorser's full name");
        }
        else if (name.Length > 200)
        {
            ModelState.AddModelError(nameof(EndorserName), "Name must be 200 characters or fewer");
        }

        if (email.Length == 0)
        {
            ModelState.AddModelError(nameof(EndorserEmail), "Enter your endorser's work email address");
        }
        else if (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('.', StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(EndorserEmail), "Enter an email address in the correct format, like name@example.gov.uk");
        }

        if (EndorserRole is null || !EndorsementInvitation.EndorserRoles.Contains(EndorserRole))
        {
            ModelState.AddModelError(nameof(EndorserRole), "Select your endorser's role");
        }

        if (!ModelState.IsValid)
        {
            await ShowAsync(ct);
            return Page();
        }

        await invitations.InviteAsync(Portfolio.Enrolment.Id, name, email, EndorserRole!, site.Root, ct);
        return Redirect($"{Portfolio.Url}/endorsement");
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        Current = await submissions.CurrentEndorsementAsync(Portfolio.Enrolment.Id, ct);
        if (Current is { Status: EndorsementStatus.Requested })
        {
            Link = invitations.LinkFor(Current, site.Root);
        }
    }
}
