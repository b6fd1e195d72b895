using Accreditation.Assessments.Data;
using Accreditation.Assessments.Scoring;
using Accreditation.Assessments.Sittings;
using Accreditation.Core.Data;
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
    /// <summary>An enrolment and its sittings.</summary>
    public sealed record Row(EnrolmentSummary Enrolment, IReadOnlyList<Sitting> Sittings);

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
            return Redirect($"/assessment/sittings/{id}/1");
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
        Rows = mine.Select(e => new Row(e, all.Where(s => s.EnrolmentId == e.EnrolmentId).OrderBy(s => s.Attempt).ToList())).ToList();
    }
}
