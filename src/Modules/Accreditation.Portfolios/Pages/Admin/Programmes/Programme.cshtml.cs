using System.Globalization;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Admin.Programmes;

/// <summary>A programme's windows, and adding one (name, opening and closing dates, capacity); how long its accreditation stays valid and whether renewal needs CPD.</summary>
[Authorize(Policy = Permissions.ManageProgrammesPolicy)]
public sealed class ProgrammeModel(AccreditationDbContext db, ProgrammeCatalog programmes, IAuditTrail audit) : PageModel
{
    /// <summary>Years an accreditation stays valid (0: it does not lapse).</summary>
    [BindProperty]
    public string? ValidYears { get; set; }

    /// <summary>Whether renewal needs each registration year's CPD requirement met.</summary>
    [BindProperty]
    public bool RenewalRequiresCpd { get; set; }

    /// <summary>The programme's row version when the renewal form was loaded.</summary>
    [BindProperty]
    public uint RowVersion { get; set; }

    /// <summary>What happened.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>The programme with its windows.</summary>
    public Programme Programme { get; private set; } = null!;

    /// <summary>Window name.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>Opening date: day, month, year.</summary>
    [BindProperty]
    public string?[] Opens { get; set; } = new string?[3];

    /// <summary>Closing date: day, month, year.</summary>
    [BindProperty]
    public string?[] Closes { get; set; } = new string?[3];

    /// <summary>Places.</summary>
    [BindProperty]
    public string? Capacity { get; set; }

    /// <summary>Shows the programme.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await FindAsync(id, ct))
        {
            return NotFound();
        }

        FillRenewal();
        return Page();
    }

    /// <summary>Saves how long accreditation stays valid and whether renewal needs CPD; 409 when someone else saved first.</summary>
    public async Task<IActionResult> OnPostRenewalAsync(Guid id, CancellationToken ct)
    {
        if (!await FindAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        var errors = new ProgrammeRenewalInputValidator().Validate(new ProgrammeRenewalInput(ValidYears)).ToFormErrors();
        if (errors.Count > 0)
        {
            errors.AddTo(ModelState);
            return Page();
        }

        var years = ProgrammeRenewalInputValidator.Years(ValidYears)!.Value;

        var tracked = await db.Set<Programme>().SingleAsync(p => p.Id == id, ct);
        if (tracked.Version != RowVersion)
        {
            return Conflict();
        }

        tracked.AccreditationValidYears = years;
        tracked.RenewalRequiresCpd = RenewalRequiresCpd;
        audit.Add("programme.renewal-changed", nameof(Programme), id.ToString(), $"valid {years} years, renewal {(RenewalRequiresCpd ? "needs" : "does not need")} CPD");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict();
        }

        Message = "Accreditation validity saved";
        return RedirectToPage("/Admin/Programmes/Programme", new { id });
    }

    private PageResult Conflict()
    {
        ModelState.AddModelError(nameof(ValidYears), "Someone else changed this programme since you opened it. The saved values are shown: check them and save again.");
        ValidYears = Programme.AccreditationValidYears.ToString(CultureInfo.InvariantCulture);
        RenewalRequiresCpd = Programme.RenewalRequiresCpd;
        RowVersion = Programme.Version;
        ModelState.Remove(nameof(RowVersion));
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private void FillRenewal()
    {
        ValidYears = Programme.AccreditationValidYears.ToString(CultureInfo.InvariantCulture);
        RenewalRequiresCpd = Programme.RenewalRequiresCpd;
        RowVersion = Programme.Version;
    }

    /// <summary>Adds a window.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await FindAsync(id, ct))
        {
            return NotFound();
        }

        new ProgrammeWindowInputValidator(Programme.Windows.Select(w => w.Name))
            .Validate(new ProgrammeWindowInput(Name, Opens, Closes, Capacity)).ToFormErrors().AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            FillRenewal();
            return Page();
        }

        var tracked = await db.Set<Programme>().SingleAsync(p => p.Id == id, ct);
        programmes.AddWindow(
            tracked,
            ProgrammeWindowInputValidator.Trimmed(Name),
            ProgrammeWindowInputValidator.Date(Opens)!.Value,
            ProgrammeWindowInputValidator.Date(Closes)!.Value,
            ProgrammeWindowInputValidator.Places(Capacity)!.Value);
        await db.SaveChangesAsync(ct);
        return RedirectToPage("/Admin/Programmes/Programme", new { id });
    }

    private async Task<bool> FindAsync(Guid id, CancellationToken ct)
    {
        var programme = await db.Set<Programme>().AsNoTracking().Include(p => p.Windows).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (programme is null)
        {
            return false;
        }

        Programme = programme;
        return true;
    }
}
