using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Cpd.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Cpd.Pages.Cpd;

/// <summary>Whether the person gets CPD reminder emails (renewal window open, last month of the year with the requirement not met).</summary>
public sealed class RemindersModel(AccreditationDbContext db, IAuditTrail audit, TimeProvider clock) : CpdPageModel(clock)
{
    /// <summary>"yes" or "no".</summary>
    [BindProperty]
    public string? Wanted { get; set; }

    /// <summary>Shows the choice.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var off = await db.Set<CpdPreference>().Where(p => p.PersonId == PersonId).Select(p => p.RemindersOff).SingleOrDefaultAsync(ct);
        Wanted = off ? "no" : "yes";
        return Page();
    }

    /// <summary>Saves the choice.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Wanted is not ("yes" or "no"))
        {
            ModelState.AddModelError(nameof(Wanted), "Select whether you want reminder emails");
            return Page();
        }

        var preference = await db.Set<CpdPreference>().SingleOrDefaultAsync(p => p.PersonId == PersonId, ct);
        if (preference is null)
        {
            preference = new CpdPreference { PersonId = PersonId };
            db.Add(preference);
        }

        preference.RemindersOff = Wanted == "no";
        audit.Add(preference.RemindersOff ? "cpd.reminders-off" : "cpd.reminders-on", "CpdPreference", PersonId);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = preference.RemindersOff ? "You will not get CPD reminder emails." : "You will get CPD reminder emails.";
        return RedirectToPage("/Cpd/Index");
    }
}
