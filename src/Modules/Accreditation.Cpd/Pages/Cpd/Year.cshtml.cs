using Accreditation.Cpd.Records;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Cpd.Pages.Cpd;

/// <summary>One registration year's records (earlier years stay readable).</summary>
public sealed class YearModel(CpdRecords records, TimeProvider clock) : CpdPageModel(clock)
{
    /// <summary>The year.</summary>
    public YearView View { get; private set; } = null!;

    /// <summary>Shows the year; 404 for anything that is not a year label.</summary>
    public async Task<IActionResult> OnGetAsync(string year, CancellationToken ct)
    {
        if (!RegistrationYear.TryParse(year, out var parsed))
        {
            return NotFound();
        }

        View = new YearView(parsed, await records.YearAsync(PersonId, parsed, ct), parsed == CurrentYear);
        return Page();
    }
}
