using Accreditation.Assessments.Data;
using Accreditation.Assessments.Sittings;
using Accreditation.Core.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Pages.Assessment.Lead;

/// <summary>The lead assessor's view of each programme's assessment: blueprint, sittings, held results and their release.</summary>
[Authorize(Policy = Permissions.LeadPolicy)]
public sealed class IndexModel(IEnrolments enrolments, AccreditationDbContext db, SittingService sittings) : PageModel
{
    /// <summary>One programme.</summary>
    public sealed record Row(ProgrammeSummary Programme, Blueprint? Blueprint, int Active, int Submitted, int Held);

    /// <summary>The programmes.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>What was just done.</summary>
    [TempData]
    public string? Done { get; set; }

    /// <summary>Shows the programmes.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var programmes = await enrolments.ProgrammesAsync(ct);
        var blueprints = await db.Set<Blueprint>().AsNoTracking().ToDictionaryAsync(b => b.ProgrammeId, ct);
        var counts = await db.Set<Sitting>().AsNoTracking().GroupBy(s => new { s.ProgrammeId, s.Status, Held = s.ReleasedAt == null })
            .Select(g => new { g.Key.ProgrammeId, g.Key.Status, g.Key.Held, Count = g.Count() }).ToListAsync(ct);
        Rows = programmes.Select(p => new Row(p, blueprints.GetValueOrDefault(p.Id),
            counts.Where(c => c.ProgrammeId == p.Id && c.Status == SittingStatus.Active).Sum(c => c.Count),
            counts.Where(c => c.ProgrammeId == p.Id && c.Status == SittingStatus.Submitted).Sum(c => c.Count),
            counts.Where(c => c.ProgrammeId == p.Id && c.Status == SittingStatus.Submitted && c.Held).Sum(c => c.Count))).ToList();
    }

    /// <summary>Releases every held result of the programme (for programmes whose results are not released with marking decisions).</summary>
    public async Task<IActionResult> OnPostReleaseAsync(Guid programmeId, CancellationToken ct)
    {
        var ids = await db.Set<Sitting>().Where(s => s.ProgrammeId == programmeId && s.Status == SittingStatus.Submitted && s.ReleasedAt == null)
            .Select(s => s.EnrolmentId).Distinct().ToListAsync(ct);
        var released = await sittings.ReleaseAsync(ids, ct);
        Done = released == 1 ? "1 result released." : $"{released} results released.";
        return RedirectToPage();
    }
}
