using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Portfolios.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Lead;

/// <summary>The lead assessor's list of candidates' requests for reasonable adjustments (assessors never see these).</summary>
[Authorize(Policy = Permissions.ViewAdjustmentsPolicy)]
public sealed class AdjustmentsModel(AccreditationDbContext db, IPeopleDirectory people, IAuditTrail audit) : PageModel
{
    /// <summary>One request.</summary>
    public sealed record Row(string Candidate, string Programme, string Window, string Request);

    /// <summary>The requests.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Shows the requests.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var enrolments = await db.Set<Enrolment>().AsNoTracking().Include(e => e.Window).ThenInclude(w => w!.Programme)
            .Where(e => e.ReasonableAdjustments != null).ToListAsync(ct);
        var ids = enrolments.Select(e => e.CandidateId).Distinct().ToList();
        var names = await people.FindManyAsync(ids, ct);
        Rows = enrolments.Select(e => new Row(names.GetValueOrDefault(e.CandidateId)?.DisplayName ?? "", e.Window!.Programme!.Name, e.Window.Name, e.ReasonableAdjustments!))
            .OrderBy(r => r.Programme, StringComparer.Ordinal).ThenBy(r => r.Candidate, StringComparer.Ordinal).ToList();
        await audit.RecordAsync("adjustments.viewed", "Enrolment", null, $"{Rows.Count} requests", ct);
    }
}
