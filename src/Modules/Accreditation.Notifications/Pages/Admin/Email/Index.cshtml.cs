using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Web;
using Accreditation.Notifications.Outbox;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Notifications.Pages.Admin.Email;

/// <summary>The outbox: every message with its state, searchable by recipient or subject, paged; dead messages can be retried.</summary>
[Authorize(Policy = "Permission:" + Permissions.ManageEmail)]
public sealed class IndexModel(AccreditationDbContext db, TimeProvider clock, IAuditTrail audit) : PageModel
{
    /// <summary>Rows per page.</summary>
    public const int PageSize = 25;

    /// <summary>Search text (recipient address or subject).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>Status filter (Queued, Sent, Failed, Dead), or empty for all.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>Page number, from 1.</summary>
    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    /// <summary>The messages on this page, newest first.</summary>
    public IReadOnlyList<OutboxEmail> Messages { get; private set; } = [];

    /// <summary>How many messages match the search.</summary>
    public int Total { get; private set; }

    /// <summary>How many messages there are in each state.</summary>
    public IReadOnlyDictionary<OutboxStatus, int> Counts { get; private set; } = new Dictionary<OutboxStatus, int>();

    /// <summary>Pages in all.</summary>
    public int PageCount => PageLinks.PagesFor(Total, PageSize);

    /// <summary>The outcome of the last action.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the outbox.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        if (Status is { Length: > 0 } && !Enum.TryParse<OutboxStatus>(Status, ignoreCase: false, out _))
        {
            ModelState.AddModelError(nameof(Status), "Choose a status from the list");
            Status = null;
        }

        await LoadAsync();
        return Page();
    }

    /// <summary>Puts a dead message back in the queue with a fresh set of attempts.</summary>
    public async Task<IActionResult> OnPostRetryAsync(Guid id)
    {
        var now = clock.GetUtcNow();
        // Conditional: only a message that is dead right now is requeued, so a double click or two admins requeue it once.
        var rows = await db.Set<OutboxEmail>()
            .Where(m => m.Id == id && m.Status == OutboxStatus.Dead)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Queued)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now)
                .SetProperty(m => m.LeaseId, (Guid?)null)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null));
        if (rows == 0)
        {
            ModelState.AddModelError("", "That message is not dead any more (it may have been retried already), so it was not queued again.");
            Response.StatusCode = StatusCodes.Status409Conflict;
            await LoadAsync();
            return Page();
        }

        await audit.RecordAsync("email.retried", "OutboxEmail", id.ToString());
        Message = "The message is queued again and will be sent shortly.";
        return RedirectToPage(new { q = Q, status = Status, pageNumber = PageNumber });
    }

    private async Task LoadAsync()
    {
        var outbox = db.Set<OutboxEmail>().AsNoTracking();
        Counts = (await outbox.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
            .ToDictionary(g => g.Key, g => g.Count);

        var query = outbox;
        if (Status is { Length: > 0 } && Enum.TryParse<OutboxStatus>(Status, out var status))
        {
            query = query.Where(m => m.Status == status);
        }

        if (Q?.Trim() is { Length: > 0 } q)
        {
            var lower = q.ToLowerInvariant();
            // ToLower is what EF translates on both providers (LIKE is case-sensitive on PostgreSQL).
#pragma warning disable CA1862
            query = query.Where(m => m.RecipientAddresses.Contains(lower) || m.Subject.ToLower().Contains(lower));
#pragma warning restore CA1862
        }

        Total = await query.CountAsync();
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Messages = await query
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .ToListAsync();
    }
}
