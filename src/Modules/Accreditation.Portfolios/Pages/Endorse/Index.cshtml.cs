using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Endorsements;
using Accreditation.Portfolios.Evidence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Endorse;

/// <summary>
/// The endorser's page, reached through the signed link: a read-only copy of the portfolio and the choice to endorse
/// (with a statement of readiness) or decline (with reasons the candidate sees). A tampered, expired or replaced link
/// gets a clear refusal. Every view is audited.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(EndorsementLinks links, CandidatePortfolio portfolios, AccreditationDbContext db, TimeProvider clock, IAuditTrail audit) : PageModel
{
    /// <summary>The link's state.</summary>
    public LinkState State { get; private set; }

    /// <summary>The request (when the link is genuine).</summary>
    public Endorsement? Endorsement { get; private set; }

    /// <summary>The portfolio (when the link is valid).</summary>
    public LoadedPortfolio? Portfolio { get; private set; }

    /// <summary>The candidate's name.</summary>
    public string CandidateName { get; private set; } = "";

    /// <summary>The token, for links to files.</summary>
    public string Token { get; private set; } = "";

    /// <summary>"Endorse" or "Decline".</summary>
    [BindProperty]
    public string? Decision { get; set; }

    /// <summary>The statement of readiness.</summary>
    [BindProperty]
    public string? ReadinessStatement { get; set; }

    /// <summary>The reasons for declining.</summary>
    [BindProperty]
    public string? DeclineReasons { get; set; }

    /// <summary>Shows the portfolio, or why the link does not work.</summary>
    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        await ReadAsync(token, ct);
        if (State == LinkState.Valid)
        {
            await audit.RecordAsync("portfolio.viewed", "Portfolio", Endorsement!.EnrolmentId.ToString(), $"by endorser {Endorsement.EndorserEmail}", ct);
        }

        return Page();
    }

    /// <summary>Records the endorser's answer.</summary>
    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        await ReadAsync(token, ct);
        if (State != LinkState.Valid || Endorsement!.Status != EndorsementStatus.Requested)
        {
            return Page();
        }

        var statement = ReadinessStatement?.Trim() ?? "";
        var reasons = DeclineReasons?.Trim() ?? "";
        if (Decision is not ("Endorse" or "Decline"))
        {
            ModelState.AddModelError(nameof(Decision), "Select whether you endorse the candidate");
        }
        else if (Decision == "Endorse" && statement.Length == 0)
        {
            ModelState.AddModelError(nameof(ReadinessStatement), "Enter your statement of the candidate's readiness");
        }
        else if (Decision == "Decline" && reasons.Length == 0)
        {
            ModelState.AddModelError(nameof(DeclineReasons), "Enter your reasons, so the candidate knows what to work on");
        }

        if (statement.Length > PortfoliosModel.ShortTextLength)
        {
            ModelState.AddModelError(nameof(ReadinessStatement), $"Your statement must be {PortfoliosModel.ShortTextLength:N0} characters or fewer");
        }

        if (reasons.Length > PortfoliosModel.ShortTextLength)
        {
            ModelState.AddModelError(nameof(DeclineReasons), $"Your reasons must be {PortfoliosModel.ShortTextLength:N0} characters or fewer");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var endorsement = Endorsement;
        endorsement.Status = Decision == "Endorse" ? EndorsementStatus.Endorsed : EndorsementStatus.Declined;
        endorsement.ReadinessStatement = Decision == "Endorse" ? statement : null;
        endorsement.DeclineReasons = Decision == "Decline" ? reasons : null;
        endorsement.RespondedAt = clock.GetUtcNow();
        audit.Add(Decision == "Endorse" ? "endorsement.given" : "endorsement.declined", "Endorsement", endorsement.Id.ToString(), $"by {endorsement.EndorserEmail}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("", "This request changed while you were reading it (the candidate may have asked someone else). Reload the page to see where it stands.");
            return Page();
        }

        return Redirect($"/endorse/{token}");
    }

    private async Task ReadAsync(string token, CancellationToken ct)
    {
        // What antiforgery sets on pages with a form anyway (anything else makes it log a warning).
        Response.Headers.CacheControl = "no-cache, no-store";
        Token = token;
        var check = await links.CheckAsync(token, ct);
        State = check.State;
        Endorsement = check.Endorsement;
        if (State == LinkState.Tampered)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (State != LinkState.Valid)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return;
        }

        Portfolio = await portfolios.LoadAsync(Endorsement!.EnrolmentId, ct);
        CandidateName = await db.Set<PlatformUser>().Where(u => u.Id == Portfolio!.Enrolment.CandidateId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? "";
    }
}
