using System.Security.Claims;
using Accreditation.Core.Identity;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Privacy.Requests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Privacy.Pages.Admin.Privacy;

/// <summary>One person's privacy requests: prepare a copy of their data, or go on to erase it.</summary>
[Authorize(Policy = Permissions.ManagePersonalDataPolicy)]
public sealed class PersonModel(PrivacyRequests requests, IPeopleDirectory people, TimeProvider clock) : PageModel
{
    /// <summary>The person's user id.</summary>
    [FromRoute]
    public string Id { get; set; } = "";

    /// <summary>Their name and email address.</summary>
    public string Name { get; private set; } = "";

    /// <summary>Their requests.</summary>
    public RequestTable Table { get; private set; } = new([], "", DateTimeOffset.MinValue);

    /// <summary>The outcome of the last action.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the person.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>Prepares a copy of the person's data for this admin to download.</summary>
    public async Task<IActionResult> OnPostCopyAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var asked = await requests.AskForCopyAsync(Id, User.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
        if (asked.Refusal is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        Message = $"A copy of {Name}'s data is being prepared (due by {UkCalendar.Format(asked.Request!.DueOn)}). You can download it here for 7 days once it is ready.";
        return RedirectToPage("/Admin/Privacy/Person", new { id = Id });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var person = await people.FindAnyAsync(Id, ct);
        if (person is null)
        {
            return false;
        }

        Name = person.DisplayName.Length > 0 ? $"{person.DisplayName} ({person.Email})" : person.Email.Length > 0 ? person.Email : Id;
        Table = new RequestTable(await requests.AboutAsync(Id, ct), User.FindFirstValue(ClaimTypes.NameIdentifier)!, clock.GetUtcNow(),
            new Dictionary<string, string> { [Id] = Name });
        return true;
    }
}
