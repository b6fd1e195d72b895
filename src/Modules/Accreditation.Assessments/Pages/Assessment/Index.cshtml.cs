using Accreditation.Assessments.Data;
using Accreditation.Assessments.Scoring;
using Accreditation.Assessments.Sittings;
using Accreditation.Core.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Pages.Assessment;

/// <summary>The candidate's knowledge assessments: one per enrolment, with start, resume and released results.</summary>
[Authorize(Policy = Permissions.SitPolicy)]
public sealed class IndexModel(IEnrolments enrolments, AccreditationDbContext db, SittingService sittings) : CandidatePage
{
    /// <summary>An enrolment, its sittings, and why a new sitting cannot start now (null when it can, or one is under way).</summary>
    public sealed record Row(EnrolmentSummary Enrolment, IReadOnlyList<Sitting> Sittings, StartBlock? Blocked);

    /// <summary>The rows.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Shows the assessments.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Starts (or resumes) the sitting of an enrolment.</summary>
    public async Task<IActionResult> OnPostStartAsync(Guid enrolmentId, CancellationToken ct)
    {
        var result = await sittings.StartAsync(enrolmentId, UserId, ct);
        if (result.SittingId is { } id)
        {
            return RedirectToPage("/Assessment/Question", new { id, position = 1 });
        }

        ModelState.AddModelError("", result.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The released feedback of a sitting.</summary>
    public static IReadOnlyList<GroupFeedback> Feedback(Sitting sitting) => GroupFeedback.Parse(sitting.GroupFeedback);

    private async Task LoadAsync(CancellationToken ct)
    {
        var mine = await enrolments.OfCandidateAsync(UserId, ct);
        var all = await db.Set<Sitting>().AsNoTracking().Where(s => s.CandidateId == UserId).ToListAsync(ct);
        var programmes = mine.Select(e => e.ProgrammeId).Distinct().ToList();
        var blueprints = await db.Set<Blueprint>().AsNoTracking().Where(b => programmes.Contains(b.ProgrammeId)).ToDictionaryAsync(b => b.ProgrammeId, ct);
        Rows = mine.Select(e =>
        {
            var sittingsOf = all.Where(s => s.EnrolmentId == e.EnrolmentId).OrderBy(s => s.Attempt).ToList();
            var blocked = sittingsOf.Any(s => s.Status == SittingStatus.Active) ? null : sittings.WhyNotStart(e, blueprints.GetValueOrDefault(e.ProgrammeId), sittingsOf);
            return new Row(e, sittingsOf, blocked);
        }).ToList();
    }
}
