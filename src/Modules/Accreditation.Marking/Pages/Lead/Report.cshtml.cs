using System.Text;
using Accreditation.Core.Auditing;
using Accreditation.Marking.Reports;
using Accreditation.Marking.Rubrics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Marking.Pages.Lead;

/// <summary>The moderation report: per assessor and per pair of assessors; also as CSV.</summary>
[Authorize(Policy = Permissions.LeadPolicy)]
public sealed class ReportModel(ModerationReport report, IAuditTrail audit) : PageModel
{
    /// <summary>The figures.</summary>
    public ModerationFigures Figures { get; private set; } = null!;

    /// <summary>Shows the report.</summary>
    public async Task OnGetAsync(CancellationToken ct) => Figures = await report.BuildAsync(RubricCatalog.DefaultLevels, ct: ct);

    /// <summary>Downloads the report as CSV.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var figures = await report.BuildAsync(RubricCatalog.DefaultLevels, ct: ct);
        await audit.RecordAsync("moderation-report.downloaded", ct: ct);
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ModerationReport.Csv(figures))).ToArray(), "text/csv", "moderation-report.csv");
    }
}
