using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Identity.Organisations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Pages.Admin.Organisations;

/// <summary>Changes an organisation; a form saved after someone else's change answers 409 and shows the current details.</summary>
[Authorize(Policy = Permissions.ManageOrganisationsPolicy)]
public sealed class EditModel(AccreditationDbContext db, IAuditTrail audit) : PageModel
{
    /// <summary>The organisation's id.</summary>
    [FromRoute]
    public Guid Id { get; set; }

    /// <summary>The fields.</summary>
    [BindProperty]
    public OrganisationForm Form { get; set; } = new();

    /// <summary>The row version the form was loaded with.</summary>
    [BindProperty]
    public uint RowVersion { get; set; }

    /// <summary>The stored name, for the heading.</summary>
    public string CurrentName { get; private set; } = "";

    /// <summary>The outcome, shown on the list.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the form; 404 for an unknown organisation.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var organisation = await db.Set<Organisation>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == Id, ct);
        if (organisation is null)
        {
            return NotFound();
        }

        Show(organisation);
        return Page();
    }

    /// <summary>Saves the changes, or shows what is wrong next to the fields; 409 when someone else changed it first.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var organisation = await db.Set<Organisation>().SingleOrDefaultAsync(o => o.Id == Id, ct);
        if (organisation is null)
        {
            return NotFound();
        }

        CurrentName = organisation.Name;
        if (organisation.Version != RowVersion)
        {
            return await ConflictAsync(ct);
        }

        var details = Form.Check(ModelState);
        if (details is null)
        {
            return Page();
        }

        if (details.Code != organisation.Code && await db.Set<Organisation>().AnyAsync(o => o.Code == details.Code && o.Id != Id, ct))
        {
            ModelState.AddModelError("Form.Code", $"There is already an organisation with the code {details.Code}");
            return Page();
        }

        var changes = OrganisationImport.Describe(organisation, details.Name!, details);
        if (details.Code != organisation.Code)
        {
            changes.Add($"code {organisation.Code} to {details.Code}");
        }

        if (changes.Count == 0)
        {
            Message = $"Nothing changed for {organisation.Name}.";
            return RedirectToPage("/Admin/Organisations/Index");
        }

        db.Entry(organisation).Property(o => o.Version).OriginalValue = RowVersion;
        organisation.Name = details.Name!;
        organisation.Code = details.Code!;
        organisation.Kind = details.Kind;
        organisation.Region = details.Region;
        audit.Add("organisation.updated", "Organisation", organisation.Id.ToString(), string.Join("; ", changes));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent save of this row, or the same code saved for another organisation at the same moment.
            return await ConflictAsync(ct);
        }

        Message = $"{organisation.Name} was saved.";
        return RedirectToPage("/Admin/Organisations/Index");
    }

    private async Task<IActionResult> ConflictAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await db.Set<Organisation>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == Id, ct);
        if (current is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        Show(current);
        ModelState.AddModelError("Form.Name", "Someone else changed this organisation while you were editing it. The current details are shown: make your change again.");
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private void Show(Organisation organisation)
    {
        Form = OrganisationForm.From(organisation);
        RowVersion = organisation.Version;
        CurrentName = organisation.Name;
    }
}
