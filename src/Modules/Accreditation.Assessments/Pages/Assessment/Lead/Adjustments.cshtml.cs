using Accreditation.Assessments.Data;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Pages.Assessment.Lead;

/// <summary>
/// The lead assessor reads each candidate's request for reasonable adjustments and sets what the assessment gives them:
/// extra time (per cent of the time limit) and rest-break minutes. They apply to sittings started afterwards.
/// </summary>
[Authorize(Policy = Permissions.LeadPolicy)]
public sealed class AdjustmentsModel(IEnrolments enrolments, IPeopleDirectory directory, AccreditationDbContext db, TimeProvider clock, IAuditTrail audit) : PageModel
{
    /// <summary>One enrolment with a request.</summary>
    public sealed record Row(EnrolmentSummary Enrolment, string Candidate, SittingAdjustment? Adjustment);

    /// <summary>The requests.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The enrolment being set.</summary>
    [BindProperty]
    public Guid EnrolmentId { get; set; }

    /// <summary>Extra time, per cent.</summary>
    [BindProperty]
    public int? ExtraTimePercent { get; set; }

    /// <summary>Rest-break minutes.</summary>
    [BindProperty]
    public int? RestBreakMinutes { get; set; }

    /// <summary>Shows the requests.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        await audit.RecordAsync("assessment.adjustments-viewed", "Enrolment", null, $"{Rows.Count} requests", ct);
    }

    /// <summary>Sets one candidate's adjustments.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var enrolment = await enrolments.FindAsync(EnrolmentId, ct);
        if (enrolment is null)
        {
            return NotFound();
        }

        if (ExtraTimePercent is null or < 0 or > 200)
        {
            ModelState.AddModelError($"ExtraTimePercent-{EnrolmentId}", "Extra time must be a whole number from 0 to 200 per cent.");
        }

        if (RestBreakMinutes is null or < 0 or > 240)
        {
            ModelState.AddModelError($"RestBreakMinutes-{EnrolmentId}", "Rest breaks must be a whole number from 0 to 240 minutes.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(ct);
            return Page();
        }

        var adjustment = await db.Set<SittingAdjustment>().SingleOrDefaultAsync(a => a.EnrolmentId == EnrolmentId, ct);
        if (adjustment is null)
        {
            adjustment = new SittingAdjustment { EnrolmentId = EnrolmentId };
            db.Add(adjustment);
        }

        adjustment.ExtraTimePercent = ExtraTimePercent!.Value;
        adjustment.RestBreakMinutes = RestBreakMinutes!.Value;
        adjustment.SetById = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        adjustment.SetAt = clock.GetUtcNow();
        audit.Add("assessment.adjustment-set", "Enrolment", EnrolmentId.ToString(), $"{adjustment.ExtraTimePercent}% extra time, {adjustment.RestBreakMinutes} minutes of rest breaks");
        await db.SaveChangesAsync(ct);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = new List<EnrolmentSummary>();
        foreach (var programme in await enrolments.ProgrammesAsync(ct))
        {
            all.AddRange((await enrolments.OfProgrammeAsync(programme.Id, ct)).Where(e => e.AdjustmentsRequest is not null));
        }

        var ids = all.Select(e => e.EnrolmentId).ToList();
        var set = await db.Set<SittingAdjustment>().AsNoTracking().Where(a => ids.Contains(a.EnrolmentId)).ToDictionaryAsync(a => a.EnrolmentId, ct);
        var people = all.Select(e => e.CandidateId).Distinct().ToList();
        var names = await directory.FindManyAsync(people, ct);
        Rows = all.Select(e => new Row(e, names.GetValueOrDefault(e.CandidateId)?.DisplayName ?? "", set.GetValueOrDefault(e.EnrolmentId)))
            .OrderBy(r => r.Enrolment.ProgrammeName, StringComparer.Ordinal).ThenBy(r => r.Candidate, StringComparer.Ordinal).ToList();
    }
}
