using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Identity;
using Accreditation.Core.Time;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Pages.Marking;

/// <summary>
/// An assessor declares conflicts of interest: an organisation (by its ONS code or exact name, so the page never lists
/// every organisation's candidates' employers) or a person (by email address). Allocation never gives them a portfolio
/// that touches one.
/// </summary>
[Authorize(Policy = Permissions.MarkPolicy)]
public sealed class ProfileModel(AccreditationDbContext db, IOrganisationDirectory organisations, TimeProvider clock, IIdSource ids, IAuditTrail audit) : PageModel
{
    /// <summary>A declared conflict as shown.</summary>
    public sealed record Row(Guid Id, string What, string? Note);

    /// <summary>The assessor's declared conflicts.</summary>
    public IReadOnlyList<Row> Conflicts { get; private set; } = [];

    /// <summary>How many open markings they can hold.</summary>
    public int Capacity { get; private set; }

    /// <summary>An organisation's ONS code or exact name.</summary>
    [BindProperty]
    public string? Organisation { get; set; }

    /// <summary>A person's email address.</summary>
    [BindProperty]
    public string? PersonEmail { get; set; }

    /// <summary>A note.</summary>
    [BindProperty]
    public string? Note { get; set; }

    /// <summary>Shows the conflicts.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Declares a conflict.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Guid? organisationId = null;
        string? email = null;
        var errors = ConflictDeclarationValidator.Instance.Validate(new ConflictDeclaration(Organisation, PersonEmail, Note)).ToFormErrors();
        if (!string.IsNullOrWhiteSpace(Organisation) && string.IsNullOrWhiteSpace(PersonEmail))
        {
            var text = Organisation.Trim();
            var found = await organisations.FindByCodeAsync(text, ct)
                ?? (await organisations.ListAsync(ct)).FirstOrDefault(o => string.Equals(o.Name, text, StringComparison.OrdinalIgnoreCase));
            if (found is null)
            {
                // The organisation is the form's first field: its problem comes before the note's.
                errors.Insert(0, new FormError(nameof(Organisation), "There is no organisation with that code or name. Enter its ONS code, e.g. E08000035"));
            }
            else
            {
                organisationId = found.Id;
            }
        }
        else if (!string.IsNullOrWhiteSpace(PersonEmail) && string.IsNullOrWhiteSpace(Organisation))
        {
            email = PersonEmail.Trim().ToLowerInvariant();
        }

        errors.AddTo(ModelState);

        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        var conflict = new AssessorConflict { Id = ids.NewId(), UserId = userId, OrganisationId = organisationId, PersonEmail = email, Note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), DeclaredAt = clock.GetUtcNow() };
        db.Add(conflict);
        audit.Add("assessor.conflict-declared", "AssessorConflict", conflict.Id.ToString(), organisationId is null ? "person" : "organisation");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "Your conflict of interest was recorded.";
        return RedirectToPage("/Marking/Profile");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        Capacity = (await db.Set<AssessorProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, ct))?.Capacity ?? new AssessorProfile { UserId = userId }.Capacity;
        var rows = await db.Set<AssessorConflict>().AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.DeclaredAt).ToListAsync(ct);
        var list = new List<Row>();
        foreach (var c in rows)
        {
            var what = c.OrganisationId is { } o ? (await organisations.FindAsync(o, ct))?.Name ?? "An organisation" : c.PersonEmail ?? "";
            list.Add(new Row(c.Id, what, c.Note));
        }

        Conflicts = list;
    }
}
