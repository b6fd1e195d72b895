using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Web;
using Accreditation.Identity.Organisations;
using Accreditation.Identity.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Pages.Admin.People;

/// <summary>
/// The people an admin manages: everyone for a platform admin (optionally one organisation's), only their own
/// organisation's for an organisation admin; searchable by name or email, a page at a time.
/// </summary>
[Authorize(Policy = Permissions.ManageOrganisationUsersPolicy)]
public sealed class IndexModel(AccreditationDbContext db, PeopleAdministration administration) : PageModel
{
    /// <summary>People shown on one page.</summary>
    public const int PageSize = 20;

    private Dictionary<string, List<string>> roles = [];
    private Dictionary<Guid, string> organisationNames = [];

    /// <summary>Search text.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The organisation to list (platform admins).</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Organisation { get; set; }

    /// <summary>The page number, from 1.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] // "page" is the route value of the page itself
    public int PageNumber { get; set; } = 1;

    /// <summary>The admin's remit.</summary>
    public AdminRemit Remit { get; private set; } = new(false, null, "");

    /// <summary>The organisation admin's own organisation's name.</summary>
    public string? OwnOrganisation { get; private set; }

    /// <summary>Organisations to filter by (platform admins).</summary>
    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    /// <summary>The people on this page.</summary>
    public IReadOnlyList<PlatformUser> People { get; private set; } = [];

    /// <summary>How many people match.</summary>
    public int Total { get; private set; }

    /// <summary>How many pages there are.</summary>
    public int Pages => PageLinks.PagesFor(Total, PageSize);

    /// <summary>The outcome of the last change.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the page; an organisation admin asking for another organisation's people gets 404.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Remit = await administration.RemitAsync(User);
        if (!Remit.WholePlatform && Organisation is not null && Organisation != Remit.OrganisationId)
        {
            return NotFound();
        }

        // Organisations are read once: all of them for a platform admin's filter (which names the listed people's too),
        // otherwise only the admin's own.
        if (Remit.WholePlatform)
        {
            Organisations = await db.Set<Organisation>().AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
            organisationNames = Organisations.ToDictionary(o => o.Id, o => o.Name);
        }
        else
        {
            organisationNames = await db.Set<Organisation>().AsNoTracking().Where(o => o.Id == Remit.OrganisationId).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
            OwnOrganisation = Remit.OrganisationId is { } own ? organisationNames.GetValueOrDefault(own) : null;
        }

        var query = db.Users.AsNoTracking();
        if (!Remit.WholePlatform)
        {
            query = Remit.OrganisationId is { } own ? query.Where(u => u.OrganisationId == own) : query.Where(u => false);
        }
        else if (Organisation is { } chosen)
        {
            query = query.Where(u => u.OrganisationId == chosen);
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            var text = Q.Trim().ToUpperInvariant();
#pragma warning disable CA1862 // EF translates ToUpper() to SQL upper() on both providers; the StringComparison overloads are not translated
            query = query.Where(u => u.NormalizedEmail!.Contains(text) || u.DisplayName.ToUpper().Contains(text));
#pragma warning restore CA1862
        }

        // The page first: a search that fits on one page needs no count (each is a scan of every name at national size).
        var ordered = query.OrderBy(u => u.DisplayName).ThenBy(u => u.Email);
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        People = await ordered.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Total = PageLinks.TotalFromPage((PageNumber - 1) * PageSize, PageSize, People.Count) ?? await query.CountAsync(ct);
        if (People.Count == 0 && PageNumber > Pages)
        {
            PageNumber = Pages; // beyond the end: the last page
            People = await ordered.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        }

        roles = await administration.RolesOfAsync(People.Select(p => p.Id).ToList(), ct);
        return Page();
    }

    /// <summary>The roles a listed person holds.</summary>
    public IReadOnlyList<string> RolesOf(string id) => roles.GetValueOrDefault(id) ?? [];

    /// <summary>An organisation's name, empty for none.</summary>
    public string OrganisationName(Guid? id) => id is { } o ? organisationNames.GetValueOrDefault(o, "") : "";

    /// <summary>The address of another page of the same search.</summary>
    public string PageUrl(int page)
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            query.Add("q=" + Uri.EscapeDataString(Q.Trim()));
        }

        if (Organisation is { } o && Remit.WholePlatform)
        {
            query.Add("organisation=" + o);
        }

        query.Add("p=" + page);
        return "/admin/people?" + string.Join('&', query);
    }
}
