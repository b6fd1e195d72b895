using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Time;
using Accreditation.Research.SavedSearches;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Pages.Research;

/// <summary>A signed-in person's saved searches: save one from the library page, list, delete, turn the weekly email on or off.</summary>
[Authorize]
public sealed class SavedModel(AccreditationDbContext db, TimeProvider clock, IIdSource ids, IAuditTrail audit) : PageModel
{
    /// <summary>The person's saved searches, oldest first.</summary>
    public IReadOnlyList<SavedSearch> Searches { get; private set; } = [];

    /// <summary>The name typed when saving.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The search's query string when saving.</summary>
    [BindProperty]
    public string? Query { get; set; }

    /// <summary>Whether to email new matches weekly (when saving).</summary>
    [BindProperty]
    public bool Alert { get; set; }

    /// <summary>What was just done.</summary>
    [TempData]
    public string? Message { get; set; }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    /// <summary>Lists the saved searches.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Saves a search.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var errors = SavedSearchInputValidator.Instance.Validate(new SavedSearchInput(Name, Query)).ToFormErrors();
        if (await db.Set<SavedSearch>().CountAsync(s => s.UserId == UserId, ct) >= SavedSearch.MaxPerPerson)
        {
            errors.Add("", $"You can keep up to {SavedSearch.MaxPerPerson} saved searches. Delete one you no longer need first");
        }

        errors.AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        var query = SavedSearchQuery.Normalise(Query);
        var name = (Name ?? "").Trim();
        if (name.Length == 0)
        {
            name = SavedSearchQuery.Describe(query);
            name = name.Length > SavedSearch.MaxNameLength ? name[..SavedSearch.MaxNameLength] : name;
        }

        var now = clock.GetUtcNow();
        var search = new SavedSearch
        {
            Id = ids.NewId(),
            UserId = UserId,
            Name = name,
            Query = query,
            WeeklyAlert = Alert,
            AlertsFrom = Alert ? now : null,
            CreatedAt = now,
        };
        db.Set<SavedSearch>().Add(search);
        audit.Add("research.saved-search-created", nameof(SavedSearch), search.Id.ToString());
        await db.SaveChangesAsync(ct);
        Message = Alert ? $"Search saved. You will get a weekly email when new items match “{name}”." : $"Search saved: “{name}”.";
        return RedirectToPage("/Research/Saved");
    }

    /// <summary>Turns the weekly email on or off.</summary>
    public async Task<IActionResult> OnPostAlertAsync(Guid id, bool on, uint version, CancellationToken ct)
    {
        var search = await db.Set<SavedSearch>().FirstOrDefaultAsync(s => s.Id == id && s.UserId == UserId, ct);
        if (search is null)
        {
            return NotFound();
        }

        if (search.WeeklyAlert != on)
        {
            db.Entry(search).Property(s => s.Version).OriginalValue = version;
            search.WeeklyAlert = on;
            if (on)
            {
                search.AlertsFrom = clock.GetUtcNow();
                search.LastAlertAt = null;
            }

            audit.Add(on ? "research.saved-search-alert-on" : "research.saved-search-alert-off", nameof(SavedSearch), search.Id.ToString());
            if (!await SaveAsync(ct))
            {
                return await ConflictAsync(ct);
            }
        }

        Message = on ? $"You will get a weekly email when new items match “{search.Name}”." : $"You will no longer get emails for “{search.Name}”.";
        return RedirectToPage("/Research/Saved");
    }

    /// <summary>Deletes a saved search.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, uint version, CancellationToken ct)
    {
        var search = await db.Set<SavedSearch>().FirstOrDefaultAsync(s => s.Id == id && s.UserId == UserId, ct);
        if (search is null)
        {
            Message = "That saved search had already been deleted.";
            return RedirectToPage("/Research/Saved");
        }

        db.Entry(search).Property(s => s.Version).OriginalValue = version;
        db.Set<SavedSearch>().Remove(search);
        audit.Add("research.saved-search-deleted", nameof(SavedSearch), search.Id.ToString());
        if (!await SaveAsync(ct))
        {
            return await ConflictAsync(ct);
        }

        Message = $"Deleted the saved search “{search.Name}”.";
        return RedirectToPage("/Research/Saved");
    }

    private async Task<bool> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private async Task<IActionResult> ConflictAsync(CancellationToken ct)
    {
        ModelState.AddModelError("", "This saved search was changed (perhaps in another window) since you opened this page. Check it below and try again");
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Searches = await db.Set<SavedSearch>().AsNoTracking().Where(s => s.UserId == UserId).OrderBy(s => s.CreatedAt).ThenBy(s => s.Name).ToListAsync(ct);
}
