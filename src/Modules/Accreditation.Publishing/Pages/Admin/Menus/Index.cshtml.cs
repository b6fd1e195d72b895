using Accreditation.Core.Data;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Menus;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Admin.Menus;

/// <summary>The service navigation's and footer's links, in order: move, remove, or open one to change it.</summary>
[Authorize(Policy = Permissions.ManageMenusPolicy)]
public sealed class IndexModel(SiteMenus menus, AccreditationDbContext db) : PageModel
{
    private Dictionary<Guid, string> titles = [];

    /// <summary>Each menu's links.</summary>
    public Dictionary<string, IReadOnlyList<MenuItem>> Items { get; } = [];

    /// <summary>The link acted on.</summary>
    [BindProperty]
    public Guid Id { get; set; }

    /// <summary>-1 up, 1 down, 0 remove.</summary>
    [BindProperty]
    public int Move { get; set; }

    /// <summary>Lists the menus.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        foreach (var (menu, _) in SiteMenus.All)
        {
            Items[menu] = await menus.ItemsAsync(menu, ct);
        }

        titles = await db.Set<PracticeUpdate>().AsNoTracking().Where(u => u.Kind == PublicationKind.Page).ToDictionaryAsync(u => u.Id, u => u.Title, ct);
    }

    /// <summary>Moves or removes a link.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Move == 0)
        {
            await menus.RemoveAsync(Id, ct);
        }
        else
        {
            await menus.MoveAsync(Id, Move, ct);
        }

        return RedirectToPage("/Admin/Menus/Index");
    }

    /// <summary>A page's title.</summary>
    public string PageTitle(Guid id) => titles.GetValueOrDefault(id, "(removed)");
}
