using Accreditation.Core.Auditing;
using Accreditation.Cpd.Records;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Cpd.Pages.Cpd;

/// <summary>A year's records on one printable page, in the order and with the headings of the regulator's online form.</summary>
public sealed class PrintModel(CpdRecords records, IAuditTrail audit, TimeProvider clock) : CpdPageModel(clock)
{
    /// <summary>The year.</summary>
    public YearView View { get; private set; } = null!;

    /// <summary>Shows the page; 404 for anything that is not a year label.</summary>
    public async Task<IActionResult> OnGetAsync(string year, CancellationToken ct)
    {
        if (!RegistrationYear.TryParse(year, out var parsed))
        {
            return NotFound();
        }

        View = new YearView(parsed, (await records.YearAsync(PersonId, parsed, ct)).OrderBy(r => r.Date).ThenBy(r => r.CreatedAt).ToList(), parsed == CurrentYear);
        await audit.RecordAsync("cpd.exported", "CpdYear", parsed.Label, "print", ct);
        return Page();
    }
}
