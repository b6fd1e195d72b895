using Accreditation.Core.Data;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Subscriptions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Updates;

/// <summary>
/// The one-click unsubscribe link of one subscription: GET asks to confirm (link scanners must not unsubscribe
/// people), POST unsubscribes, also as the RFC 8058 one-click POST from mail clients; no sign-in, no antiforgery token.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(AccreditationDbContext db, UnsubscribeTokens tokens) : PageModel
{
    /// <summary>Whether the link named a subscription.</summary>
    public bool Valid { get; private set; }

    /// <summary>Whether it was just stopped.</summary>
    public bool Done { get; private set; }

    /// <summary>The subscription's topic.</summary>
    public string Topic { get; private set; } = "";

    /// <summary>Asks to confirm.</summary>
    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct) => await FindAsync(token, ct) is null ? Refused() : Page();

    /// <summary>Stops the subscription.</summary>
    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var subscription = await FindAsync(token, ct);
        if (subscription is null)
        {
            return Refused();
        }

        db.Set<UpdateSubscription>().Remove(subscription);
        await db.SaveChangesAsync(ct);
        Done = true;
        return Page();
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private async Task<UpdateSubscription?> FindAsync(string token, CancellationToken ct)
    {
        if (tokens.Read(token) is not { } id)
        {
            return null;
        }

        var subscription = await db.Set<UpdateSubscription>().SingleOrDefaultAsync(s => s.Id == id, ct);
        Valid = subscription is not null;
        Topic = subscription?.Topic ?? "";
        return subscription;
    }
}
