using System.Security.Claims;
using Accreditation.Core.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>The candidate's start page: their portfolios, and the windows open for enrolment.</summary>
[Authorize(Policy = Permissions.BuildPortfolioPolicy)]
public sealed class IndexModel(AccreditationDbContext db, ProgrammeCatalog programmes) : PageModel
{
    /// <summary>One of the candidate's portfolios.</summary>
    public sealed record Row(Guid Id, string Programme, string Window, DateOnly ClosesOn, SubmissionStatus? Status);

    /// <summary>The candidate's portfolios, newest first.</summary>
    public IReadOnlyList<Row> Portfolios { get; private set; } = [];

    /// <summary>Windows open for enrolment that the candidate is not in.</summary>
    public IReadOnlyList<OpenWindow> Open { get; private set; } = [];

    /// <summary>Shows the page.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var enrolments = await db.Set<Enrolment>().AsNoTracking().Include(e => e.Window).ThenInclude(w => w!.Programme)
            .Where(e => e.CandidateId == userId).ToListAsync(ct);
        var ids = enrolments.Select(e => e.Id).ToList();
        var submissions = await db.Set<Submission>().AsNoTracking().Where(s => ids.Contains(s.EnrolmentId)).ToListAsync(ct);
        Portfolios = enrolments.OrderByDescending(e => e.EnrolledAt)
            .Select(e => new Row(e.Id, e.Window!.Programme!.Name, e.Window.Name, e.Window.ClosesOn,
                submissions.Where(s => s.EnrolmentId == e.Id).OrderByDescending(s => s.SubmittedAt).FirstOrDefault()?.Status))
            .ToList();
        var mine = enrolments.Select(e => e.WindowId).ToHashSet();
        Open = (await programmes.OpenWindowsAsync(ct)).Where(w => !mine.Contains(w.Window.Id)).ToList();
    }
}
