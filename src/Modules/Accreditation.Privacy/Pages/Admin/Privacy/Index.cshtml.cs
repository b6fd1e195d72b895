using System.Security.Claims;
using Accreditation.Core.Identity;
using Accreditation.Core.Data;
using Accreditation.Privacy.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Privacy.Pages.Admin.Privacy;

/// <summary>Every privacy request with its state and due date; finds a person to start one for; retries a failed one.</summary>
[Authorize(Policy = Permissions.ManagePersonalDataPolicy)]
public sealed class IndexModel(PrivacyRequests requests, IPeopleDirectory people, TimeProvider clock) : PageModel
{
    /// <summary>How many requests the page lists.</summary>
    public const int Shown = 200;

    /// <summary>The requests.</summary>
    public RequestTable Table { get; private set; } = new([], "", DateTimeOffset.MinValue);

    /// <summary>The email address of the person to find.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>The request to try again.</summary>
    [BindProperty]
    public Guid RequestId { get; set; }

    /// <summary>The outcome of the last action.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the requests.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Finds a person by email address and opens their page.</summary>
    public async Task<IActionResult> OnPostFindAsync(CancellationToken ct)
    {
        var email = Email?.Trim() ?? "";
        if (email.Length == 0)
        {
            ModelState.AddModelError(nameof(Email), "Enter the person's email address");
        }
        else
        {
            var id = (await people.FindByEmailAsync(email, ct))?.Id;
            if (id is not null)
            {
                return RedirectToPage("/Admin/Privacy/Person", new { id });
            }

            ModelState.AddModelError(nameof(Email), "No one has an account with that email address");
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Puts a failed request back in the queue.</summary>
    public async Task<IActionResult> OnPostRetryAsync(CancellationToken ct)
    {
        Message = await requests.RetryAsync(RequestId, ct) ? "The request was put back in the queue." : "That request is not waiting to be tried again.";
        return RedirectToPage("/Admin/Privacy/Index");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var list = await requests.ListAsync(Shown, ct);
        var ids = list.SelectMany(r => new[] { r.SubjectId, r.RequestedById }).Distinct().ToList();
        var names = (await people.FindManyAsync(ids, ct))
            .ToDictionary(p => p.Key, p => p.Value.DisplayName.Length > 0 ? $"{p.Value.DisplayName} ({p.Value.Email})" : p.Value.Email.Length > 0 ? p.Value.Email : p.Key);
        Table = new RequestTable(list, User.FindFirstValue(ClaimTypes.NameIdentifier)!, clock.GetUtcNow(), names);
    }
}
