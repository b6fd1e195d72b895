using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Navigation;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Menus;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Admin.Menus;

/// <summary>Adds a link to a menu or changes one: its words, a page or an address, and who sees it.</summary>
[Authorize(Policy = Permissions.ManageMenusPolicy)]
public sealed class EditModel(SiteMenus menus, AccreditationDbContext db) : PageModel
{
    /// <summary>The link being changed, null for a new one.</summary>
    public Guid? Id { get; private set; }

    /// <summary>Which menu.</summary>
    [BindProperty]
    public string Menu { get; set; } = SiteMenuNames.Main;

    /// <summary>The words shown.</summary>
    [BindProperty]
    public string? Label { get; set; }

    /// <summary>The page it leads to.</summary>
    [BindProperty]
    public Guid? PageId { get; set; }

    /// <summary>Or the address.</summary>
    [BindProperty]
    public string? Address { get; set; }

    /// <summary>Who sees it.</summary>
    [BindProperty]
    public AudienceKind Audience { get; set; }

    /// <summary>The roles for a role audience.</summary>
    [BindProperty]
    public List<string> Roles { get; set; } = [];

    /// <summary>Every page, for the choice.</summary>
    public IReadOnlyList<(Guid Id, string Title)> AllPages { get; private set; } = [];

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        await LoadPagesAsync(ct);
        if (id is null)
        {
            return Page();
        }

        var item = await db.Set<MenuItem>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (item is null)
        {
            return NotFound();
        }

        (Id, Menu, Label, PageId, Address, Audience, Roles) = (item.Id, item.Menu, item.Label, item.PageId, item.Url, item.Audience, PracticeUpdate.Split(item.Roles).ToList());
        return Page();
    }

    /// <summary>Saves, or shows what is wrong next to each field.</summary>
    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        Id = id;
        var errors = ModelState[nameof(Audience)]?.Errors.Count > 0
            ? [new FormError("Audience", "Select who sees the link")]
            : await menus.SaveAsync(id, new MenuLinkDraft(Menu, Label, PageId, Address, Audience, Roles), ct);
        if (errors.Count == 0)
        {
            return RedirectToPage("/Admin/Menus/Index");
        }

        ModelState.Clear();
        errors.AddTo(ModelState);

        await LoadPagesAsync(ct);
        return Page();
    }

    /// <summary>The first error of a field, or null.</summary>
    public string? ErrorFor(string field) =>
        ModelState[field]?.Errors.Count > 0 ? ModelState[field]!.Errors[0].ErrorMessage : null;

    private async Task LoadPagesAsync(CancellationToken ct) =>
        AllPages = (await db.Set<PracticeUpdate>().AsNoTracking().Where(u => u.Kind == PublicationKind.Page).Select(u => new { u.Id, u.Title }).ToListAsync(ct))
            .OrderBy(p => p.Title, StringComparer.CurrentCulture).Select(p => (p.Id, p.Title)).ToList();
}
