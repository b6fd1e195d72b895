using System.Text;
using Accreditation.Assessments.Statistics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Assessments.Pages.Assessment.Bank;

/// <summary>Item statistics for authors: facility, discrimination, option choices, time taken and flags; CSV download.</summary>
[Authorize(Policy = Permissions.AuthorPolicy)]
public sealed class StatisticsModel(StatisticsQuery statistics) : PageModel
{
    /// <summary>The rows.</summary>
    public IReadOnlyList<ItemStatisticsRow> Rows { get; private set; } = [];

    /// <summary>Shows the statistics.</summary>
    public async Task OnGetAsync(CancellationToken ct) => Rows = await statistics.ComputeAsync(ct);

    /// <summary>Downloads them as CSV.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        File(Encoding.UTF8.GetBytes(StatisticsQuery.ToCsv(await statistics.ComputeAsync(ct))), "text/csv", "item-statistics.csv");
}
