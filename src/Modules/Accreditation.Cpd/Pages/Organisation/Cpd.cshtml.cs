using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Core.Web;
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

    /// <summary>People shown on one page (the largest authority has thousands).</summary>
    public const int PageSize = 50;

    /// <summary>The page number, from 1.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] // "page" is the route value of the page itself
    public int PageNumber { get; set; } = 1;

    /// <summary>The organisation's practitioners on this page.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>How many practitioners the organisation has on every page together.</summary>
    public int Total { get; private set; }

    /// <summary>How many pages there are.</summary>
    public int Pages => PageLinks.PagesFor(Total, PageSize);

    /// <summary>The address of a page of the list.</summary>
    public string PageUrl(int page) => Url.Page("/Organisation/Cpd", new { p = page }) ?? "";

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

        // One page of people, read through Identity's contract, and their year counted by the database.
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        var holders = await people.HoldersOfPermissionAsync(Permissions.RecordCpd, Organisation.Id, (PageNumber - 1) * PageSize, PageSize, ct);
        Total = holders.Total;
        if (holders.People.Count == 0 && PageNumber > Pages)
        {
            return RedirectToPage("/Organisation/Cpd", new { p = Pages });
        }

        var statuses = await years.YearOfEachAsync(holders.People.Select(p => p.Id).ToList(), Year, ct);
        Rows = holders.People
            .Select(p => new Row(p.Name, statuses[p.Id].Records, statuses[p.Id].WithPeerReflection, statuses[p.Id].Met))
            .ToList();
        await audit.RecordAsync("organisation.cpd-viewed", "Organisation", organisationId.ToString(), $"{Total} people, page {PageNumber}, {Year.Label}", ct);
        return Page();
    }
}
