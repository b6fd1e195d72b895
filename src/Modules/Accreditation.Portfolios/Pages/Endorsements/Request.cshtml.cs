using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Core.Web;
using Accreditation.Portfolios.Endorsements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Portfolios.Pages.Endorsements;

/// <summary>
/// One endorsement request, for its endorser only (anyone else gets 404): while it is open, a read-only copy of the
/// portfolio and the choice to endorse (with a statement of readiness) or decline (with reasons the candidate sees);
/// after a change to an endorsed portfolio, what changed and the choice to confirm or decline; once answered, only the
/// answer. Nothing of the portfolio is shown to a sign-in without a second factor. Every view is audited.
/// </summary>
[Authorize(Policy = Permissions.EndorsePolicy)]
public sealed class RequestModel(EndorsementRequests requests, IAuditTrail audit, SiteAddress site) : PageModel
{
    /// <summary>The request as its endorser sees it.</summary>
    public EndorserView View { get; private set; } = null!;

    /// <summary>Whether this sign-in used a second factor (nothing is shown otherwise).</summary>
    public bool SecondFactorUsed { get; private set; }

    /// <summary>The hash of the portfolio content the endorser read, posted back so an answer covers exactly what was read.</summary>
    [BindProperty]
    public string? ContentHash { get; set; }

    /// <summary>The hash of the portfolio content this page shows (the form's hidden field).</summary>
    public string? ShownContentHash { get; private set; }

    /// <summary>"Endorse", "Confirm" or "Decline".</summary>
    [BindProperty]
    public string? Decision { get; set; }

    /// <summary>The statement of readiness.</summary>
    [BindProperty]
    public string? ReadinessStatement { get; set; }

    /// <summary>The reasons for declining.</summary>
    [BindProperty]
    public string? DeclineReasons { get; set; }

    /// <summary>Shows the request.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await ReadAsync(id, ct))
        {
            return NotFound();
        }

        if (SecondFactorUsed && View.Portfolio is not null)
        {
            await audit.RecordAsync("portfolio.viewed", "Portfolio", View.Portfolio.Enrolment.Id.ToString(), $"by endorser {View.Endorsement.EndorserId} ({View.Access})", ct);
        }

        return Page();
    }

    /// <summary>Records the answer, or shows why it cannot be recorded.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await ReadAsync(id, ct))
        {
            return NotFound();
        }

        var outcome = await requests.AnswerAsync(View, User, ContentHash, Decision, ReadinessStatement, DeclineReasons, site.Root, ct);
        if (outcome.Succeeded)
        {
            return RedirectToPage("/Endorsements/Request", new { id });
        }

        ModelState.AddModelError(outcome.Field!, outcome.Error!);
        if (outcome.IsConflict)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        await ReadAsync(id, ct);
        return Page();
    }

    private async Task<bool> ReadAsync(Guid id, CancellationToken ct)
    {
        // What antiforgery sets on pages with a form anyway (anything else makes it log a warning).
        Response.Headers.CacheControl = "no-cache, no-store";
        var view = await requests.ForEndorserAsync(id, User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        if (view is null)
        {
            return false;
        }

        SecondFactorUsed = SignInMethods.UsedSecondFactor(User);
        View = view with { Portfolio = SecondFactorUsed ? view.Portfolio : null };
        if (View.Portfolio is not null)
        {
            ShownContentHash = PortfolioContent.Of(View.Portfolio).Hash();
        }

        return true;
    }
}
