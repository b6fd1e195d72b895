using Accreditation.Core.Data;
using Accreditation.Marking.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Submissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Pages.Results;

/// <summary>The candidate's submissions and, once released, their decisions and certificates.</summary>
[Authorize(Policy = Permissions.ViewOwnResultsPolicy)]
public sealed class IndexModel(ISubmissionSnapshots snapshots, AccreditationDbContext db) : PageModel
{
    /// <summary>One submission.</summary>
    public sealed record Row(CandidateSubmission Submission, MarkingCase? Case, Award? Award);

    /// <summary>The candidate's submissions, newest first.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Shows them.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var mine = (await snapshots.SubmissionsOfCandidateAsync(User.UserId(), ct)).Where(s => s.Status != Accreditation.Portfolios.Contracts.SubmissionStatus.Withdrawn).ToList();
        var ids = mine.Select(s => s.SubmissionId).ToList();
        var cases = await db.Set<MarkingCase>().AsNoTracking().Where(c => ids.Contains(c.SubmissionId)).ToDictionaryAsync(c => c.SubmissionId, ct);
        var caseIds = cases.Values.Select(c => c.Id).ToList();
        var awards = (await db.Set<Award>().AsNoTracking().Where(a => caseIds.Contains(a.CaseId)).ToListAsync(ct)).ToLookup(a => a.CaseId);
        Rows = mine.Select(s =>
        {
            var c = cases.GetValueOrDefault(s.SubmissionId);
            return new Row(s, c, c is null ? null : awards[c.Id].OrderByDescending(a => a.AwardedOn).FirstOrDefault());
        }).ToList();
    }
}
