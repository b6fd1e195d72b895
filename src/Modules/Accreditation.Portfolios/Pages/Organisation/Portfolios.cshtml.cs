using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Organisation;

/// <summary>
/// An organisation admin's view of their authority's candidates: enrolment, endorsement and submission status, never
/// portfolio content; and nominating a candidate of the same organisation into an open window.
/// </summary>
[Authorize(Policy = Permissions.OverseeOrganisationPolicy)]
public sealed class PortfoliosModel(AccreditationDbContext db, ProgrammeCatalog programmes, IPeopleDirectory people, IAuditTrail audit) : PageModel
{
    /// <summary>One candidate's status.</summary>
    public sealed record Row(string Candidate, string Programme, string Window, bool Nominated, EndorsementStatus? Endorsement, SubmissionStatus? Submission);

    /// <summary>Whether the admin belongs to an organisation.</summary>
    public bool HasOrganisation { get; private set; }

    /// <summary>The organisation's candidates.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Windows open for nomination.</summary>
    public IReadOnlyList<OpenWindow> Open { get; private set; } = [];

    /// <summary>The candidate's email.</summary>
    [BindProperty]
    public string? CandidateEmail { get; set; }

    /// <summary>The window.</summary>
    [BindProperty]
    public Guid? WindowId { get; set; }

    /// <summary>What happened.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the status list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    /// <summary>Nominates a candidate of the same organisation.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var organisation = await OrganisationAsync(ct);
        var email = CandidateEmail?.Trim() ?? "";
        var candidate = email.Length == 0 ? null : await people.FindByEmailAsync(email, ct);
        if (email.Length == 0)
        {
            ModelState.AddModelError(nameof(CandidateEmail), "Enter the candidate's email address");
        }
        else if (organisation is null || candidate is null || !candidate.IsActive || candidate.OrganisationId != organisation || !await people.HoldsRoleAsync(candidate.Id, Roles.Candidate, ct))
        {
            ModelState.AddModelError(nameof(CandidateEmail), "There is no candidate with that email address in your organisation");
        }

        if (WindowId is null)
        {
            ModelState.AddModelError(nameof(WindowId), "Select an assessment window");
        }

        if (ModelState.IsValid)
        {
            var result = await programmes.EnrolAsync(WindowId!.Value, candidate!, null, User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
            if (result.Enrolment is not null)
            {
                Message = $"{candidate!.DisplayName} has been nominated.";
                return RedirectToPage();
            }

            ModelState.AddModelError(result.Field == "WindowId" ? nameof(WindowId) : nameof(CandidateEmail), result.Error!);
        }

        await ShowAsync(ct);
        return Page();
    }

    private async Task<Guid?> OrganisationAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is null ? null : (await people.FindAsync(userId, ct))?.OrganisationId;
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        var organisation = await OrganisationAsync(ct);
        HasOrganisation = organisation is not null;
        Open = await programmes.OpenWindowsAsync(ct);
        if (organisation is null)
        {
            return;
        }

        var enrolments = await db.Set<Enrolment>().AsNoTracking().Include(e => e.Window).ThenInclude(w => w!.Programme)
            .Where(e => e.OrganisationId == organisation).ToListAsync(ct);
        var ids = enrolments.Select(e => e.Id).ToList();
        var candidateIds = enrolments.Select(e => e.CandidateId).Distinct().ToList();
        var names = (await people.FindManyAsync(candidateIds, ct)).ToDictionary(p => p.Key, p => p.Value.DisplayName);
        var endorsements = await db.Set<Endorsement>().AsNoTracking().Where(e => ids.Contains(e.EnrolmentId) && e.Status != EndorsementStatus.Withdrawn).ToListAsync(ct);
        var submissions = await db.Set<Submission>().AsNoTracking().Where(s => ids.Contains(s.EnrolmentId)).Select(s => new { s.EnrolmentId, s.Status, s.SubmittedAt }).ToListAsync(ct);
        Rows = enrolments
            .Select(e => new Row(
                names.GetValueOrDefault(e.CandidateId, ""),
                e.Window!.Programme!.Name,
                e.Window.Name,
                e.NominatedById is not null,
                endorsements.Where(x => x.EnrolmentId == e.Id).OrderByDescending(x => x.RequestedAt).FirstOrDefault()?.Status,
                submissions.Where(x => x.EnrolmentId == e.Id).OrderByDescending(x => x.SubmittedAt).FirstOrDefault()?.Status))
            .OrderBy(r => r.Candidate, StringComparer.Ordinal)
            .ToList();
        await audit.RecordAsync("organisation.candidates-viewed", "Organisation", organisation.ToString(), $"{Rows.Count} candidates", ct);
    }
}
