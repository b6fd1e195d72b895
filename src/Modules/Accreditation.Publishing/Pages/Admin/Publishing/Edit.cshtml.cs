using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Admin.Publishing;

/// <summary>Writes a new update or page, or edits a draft (each save is a new version).</summary>
[Authorize(Policy = Permissions.AreaPolicy)]
public sealed class EditModel(AccreditationDbContext db, PublishingWorkflow workflow, IOrganisationDirectory organisations) : PageModel
{
    /// <summary>Update or page (new items only).</summary>
    [BindProperty]
    public PublicationKind Kind { get; set; }

    /// <summary>Title.</summary>
    [BindProperty]
    public string? Title { get; set; }

    /// <summary>Summary.</summary>
    [BindProperty]
    public string? Summary { get; set; }

    /// <summary>Markdown body.</summary>
    [BindProperty]
    public string? Body { get; set; }

    /// <summary>Topics, comma-separated; a topic may be several words.</summary>
    [BindProperty]
    public string? Topics { get; set; }

    /// <summary>KSS statement numbers, comma-separated.</summary>
    [BindProperty]
    public string? KssStatements { get; set; }

    /// <summary>Audience.</summary>
    [BindProperty]
    public AudienceKind Audience { get; set; }

    /// <summary>Roles for a role audience.</summary>
    [BindProperty]
    public List<string> AudienceRoles { get; set; } = [];

    /// <summary>The organisations chosen for an organisation audience.</summary>
    [BindProperty]
    public List<Guid> AudienceOrganisations { get; set; } = [];

    /// <summary>Email the whole audience when published.</summary>
    [BindProperty]
    public bool Important { get; set; }

    /// <summary>A page's address segment (/pages/{slug}); changing it keeps the old address as a redirect.</summary>
    [BindProperty]
    public string? Slug { get; set; }

    /// <summary>The page this page sits under, if any.</summary>
    [BindProperty]
    public Guid? ParentId { get; set; }

    /// <summary>When to take it down once published (UTC), if ever.</summary>
    [BindProperty]
    public DateTime? UnpublishAt { get; set; }

    /// <summary>The media library, newest first, for the picker.</summary>
    public IReadOnlyList<MediaFile> Media { get; private set; } = [];

    /// <summary>Pages it may sit under (every page but itself), by title.</summary>
    public IReadOnlyList<(Guid Id, string Title)> AllPages { get; private set; } = [];

    /// <summary>The row version the form was loaded with.</summary>
    [BindProperty]
    public uint Version { get; set; }

    /// <summary>The item being edited, null for a new one.</summary>
    public Guid? Id { get; private set; }

    /// <summary>Every role, for the audience choice.</summary>
    public IReadOnlyList<string> AllRoles => Roles.All;

    /// <summary>Every organisation, for the audience choice.</summary>
    public IReadOnlyList<OrganisationSummary> AllOrganisations { get; private set; } = [];

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        AllOrganisations = await organisations.ListAsync(ct);
        await LoadPagesAsync(id, ct);
        if (id is null)
        {
            return Page();
        }

        var item = await db.Set<PracticeUpdate>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (item is null)
        {
            return NotFound();
        }

        Id = item.Id;
        Kind = item.Kind;
        Title = item.Title;
        Summary = item.Summary;
        Body = item.Body;
        Topics = item.Topics.Replace(",", ", ", StringComparison.Ordinal);
        KssStatements = item.KssStatements.Replace(",", ", ", StringComparison.Ordinal);
        Audience = item.Audience;
        AudienceRoles = PracticeUpdate.Split(item.AudienceRoles).ToList();
        AudienceOrganisations = PracticeUpdate.Split(item.AudienceOrganisations).Select(Guid.Parse).ToList();
        Important = item.Important;
        Slug = item.Slug;
        ParentId = item.ParentId;
        UnpublishAt = item.UnpublishAt?.UtcDateTime;
        Version = item.Version;
        return Page();
    }

    /// <summary>Saves, or shows what is wrong next to each field; a stale form answers 409.</summary>
    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        AllOrganisations = await organisations.ListAsync(ct);
        await LoadPagesAsync(id, ct);
        if (ModelState[nameof(UnpublishAt)]?.Errors.Count > 0)
        {
            ModelState.Clear();
            ModelState.AddModelError(nameof(UnpublishAt), "Enter the take-down time as a date and time, or leave it empty");
            return Page();
        }

        var known = AllOrganisations.Select(o => o.Id).ToHashSet();
        if (Audience == AudienceKind.Organisations && AudienceOrganisations.Any(o => !known.Contains(o)))
        {
            // Only a forged form names an organisation that is not in the list (or one removed meanwhile).
            ModelState.Clear();
            ModelState.AddModelError(nameof(AudienceOrganisations), "Select organisations from the list");
            return Page();
        }

        var draft = new PublicationDraft(Kind, Title, Summary, Body, Topics, KssStatements, Audience, AudienceRoles, string.Join(",", AudienceOrganisations), Important,
            id is null ? null : Slug, Kind == PublicationKind.Page ? ParentId : null,
            UnpublishAt is { } down ? new DateTimeOffset(DateTime.SpecifyKind(down, DateTimeKind.Utc)) : null);
        var actor = Actor.From(User);
        var result = id is null ? await workflow.CreateAsync(draft, actor, ct) : await workflow.EditAsync(id.Value, Version, draft, actor, ct);
        if (result.Succeeded)
        {
            return RedirectToPage("/Admin/Publishing/Item", new { id = result.Id });
        }

        ModelState.Clear();
        result.Errors.AddTo(ModelState);

        if (result.IsConflict)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return Page();
    }

    private async Task LoadPagesAsync(Guid? self, CancellationToken ct)
    {
        AllPages = (await db.Set<PracticeUpdate>().AsNoTracking().Where(u => u.Kind == PublicationKind.Page && u.Id != self)
                .Select(u => new { u.Id, u.Title }).ToListAsync(ct))
            .OrderBy(p => p.Title, StringComparer.CurrentCulture).Select(p => (p.Id, p.Title)).ToList();
        Media = (await db.Set<MediaFile>().AsNoTracking().ToListAsync(ct)).OrderByDescending(m => m.UploadedAt).ToList();
    }

    /// <summary>The first error of a field, or null.</summary>
    public string? ErrorFor(string field) =>
        ModelState[field]?.Errors.Count > 0 ? ModelState[field]!.Errors[0].ErrorMessage : null;
}
