using System.Security.Claims;
using Accreditation.Privacy.Data;
using Accreditation.Privacy.Requests;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Privacy.Pages.Account.Privacy;

/// <summary>The signed-in person's own personal data: ask for a copy, download it, follow their requests, close their account.</summary>
public sealed class IndexModel(PrivacyRequests requests, TimeProvider clock) : PageModel
{
    /// <summary>The person's requests, newest first.</summary>
    public RequestTable Table { get; private set; } = new([], "", DateTimeOffset.MinValue);

    /// <summary>Whether an erasure of the person is already asked for.</summary>
    public bool ErasureAsked { get; private set; }

    /// <summary>The outcome of the last action.</summary>
    [TempData]
    public string? Message { get; set; }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    /// <summary>Shows the page.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Asks for a copy of the person's own data.</summary>
    public async Task<IActionResult> OnPostCopyAsync(CancellationToken ct)
    {
        var asked = await requests.AskForCopyAsync(UserId, UserId, ct);
        if (asked.Refusal is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
            await LoadAsync(ct);
            return Page();
        }

        Message = $"We are preparing a copy of your data. It is usually ready within minutes, and always by {Core.Dates.UkCalendar.Format(asked.Request!.DueOn)}: we will email you when it is.";
        return RedirectToPage("/Account/Privacy/Index");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var mine = await requests.AboutAsync(UserId, ct);
        Table = new RequestTable(mine, UserId, clock.GetUtcNow());
        ErasureAsked = mine.Any(r => r.Kind == PrivacyRequestKind.Erasure && r.State is PrivacyRequestState.Queued or PrivacyRequestState.Erasing or PrivacyRequestState.Waiting);
    }
}
