using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Time;
using Accreditation.Identity.Organisations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Pages.Admin.Organisations;

/// <summary>Adds one organisation.</summary>
[Authorize(Policy = Permissions.ManageOrganisationsPolicy)]
public sealed class NewModel(AccreditationDbContext db, IAuditTrail audit, IIdSource ids) : PageModel
{
    /// <summary>The fields.</summary>
    [BindProperty]
    public OrganisationForm Form { get; set; } = new() { Kind = nameof(OrganisationKind.LocalAuthority) };

    /// <summary>The outcome, shown on the list.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the form.</summary>
    public void OnGet()
    {
    }

    /// <summary>Adds the organisation, or shows what is wrong next to the fields.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var details = Form.Check(ModelState);
        if (details is null)
        {
            return Page();
        }

        if (await db.Set<Organisation>().AnyAsync(o => o.Code == details.Code, ct))
        {
            ModelState.AddModelError("Form.Code", $"There is already an organisation with the code {details.Code}");
            return Page();
        }

        var organisation = new Organisation { Id = ids.NewId(), Name = details.Name!, Code = details.Code!, Kind = details.Kind, Region = details.Region };
        db.Add(organisation);
        audit.Add("organisation.created", "Organisation", organisation.Id.ToString(), $"{organisation.Code} {organisation.Name}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone added the same code at the same moment; the unique index refused this one.
            db.ChangeTracker.Clear();
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("Form.Code", $"Someone else added an organisation with the code {details.Code} at the same time, so nothing was added");
            return Page();
        }

        Message = $"{organisation.Name} was added.";
        return RedirectToPage("/Admin/Organisations/Index");
    }
}
