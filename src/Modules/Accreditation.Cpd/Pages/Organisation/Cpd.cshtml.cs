using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Cpd.Records;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Cpd.Pages.Organisation;

/// <summary>
/// An organisation admin's view of their authority's practitioners: for the current registration year, only whether the
/// requirement is met and the counts; never what anybody recorded.
/// </summary>
[Authorize]
public sealed class CpdModel(IPeopleDirectory people, CpdYears years, IOrganisationDirectory organisations, IAuditTrail audit, TimeProvider clock) : PageModel
{
    /// <summary>One person's year.</summary>
    public sealed record Row(string Name, int Records, int WithPeerReflection, bool Met);

    /// <summary>The admin's organisation, or null.</summary>
    public OrganisationSummary? Organisation { get; private set; }

    /// <summary>The current year.</summary>
    public RegistrationYear Year { get; private set; }

    /// <summary>The organisation's practitioners.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Shows the list; 403 for anyone without the permission.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.HasPermission(Permissions.OverseeOrganisation))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        Year = RegistrationYear.Of(UkCalendar.Today(clock));
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var organisationId = userId is null ? null : (await people.FindAsync(userId, ct))?.OrganisationId;
        Organisation = organisationId is { } id ? await organisations.FindAsync(id, ct) : null;
        if (Organisation is null)
        {
            return Page();
        }

        var holders = await people.HoldersOfPermissionAsync(Permissions.RecordCpd, Organisation.Id, ct);
        var statuses = await years.YearOfEachAsync(holders.Select(p => p.Id).ToList(), Year, ct);
        Rows = holders
            .Select(p => (Person: p, Status: statuses[p.Id]))
            .Select(x => new Row(x.Person.Name, x.Status.Records, x.Status.WithPeerReflection, x.Status.Met))
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        await audit.RecordAsync("organisation.cpd-viewed", "Organisation", organisationId.ToString(), $"{Rows.Count} people, {Year.Label}", ct);
        return Page();
    }
}
