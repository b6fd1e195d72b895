using System.Security.Claims;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Updates;

/// <summary>A signed-in person chooses which topics they hear about, immediately or weekly, and stops any of them.</summary>
[Authorize]
public sealed class SubscriptionsModel(AccreditationDbContext db, IIdSource ids, TimeProvider clock) : PageModel
{
    /// <summary>The person's subscriptions.</summary>
    public IReadOnlyList<UpdateSubscription> Subscriptions { get; private set; } = [];

    /// <summary>Topic to subscribe to; empty for every topic.</summary>
    [BindProperty]
    public string? Topic { get; set; }

    /// <summary>Immediate or weekly.</summary>
    [BindProperty]
    public SubscriptionFrequency Frequency { get; set; } = SubscriptionFrequency.Weekly;

    /// <summary>The outcome of the last change.</summary>
    [TempData]
    public string? Message { get; set; }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    /// <summary>Shows the subscriptions.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Adds a subscription or changes its frequency.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var topic = PublishingWorkflow.NormaliseTopic(Topic ?? "");
        if (topic.Length > 0 && !PublishingWorkflow.IsTopic(topic))
        {
            ModelState.AddModelError("Topic", $"Enter a topic of words of letters and numbers ({PublishingWorkflow.TopicLength} characters or fewer), or leave it empty for every topic");
            await LoadAsync(ct);
            return Page();
        }

        var existing = await db.Set<UpdateSubscription>().SingleOrDefaultAsync(s => s.UserId == UserId && s.Topic == topic, ct);
        if (existing is null)
        {
            db.Set<UpdateSubscription>().Add(new UpdateSubscription
            {
                Id = ids.NewId(),
                UserId = UserId,
                Topic = topic,
                Frequency = Frequency,
                CreatedAt = clock.GetUtcNow(),
            });
        }
        else
        {
            existing.Frequency = Frequency;
        }

        await db.SaveChangesAsync(ct);
        Message = "Your email choices were saved.";
        return RedirectToPage();
    }

    /// <summary>Stops one of the person's own subscriptions.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        await db.Set<UpdateSubscription>().Where(s => s.Id == id && s.UserId == UserId).ExecuteDeleteAsync(ct);
        Message = "You will no longer get those emails.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Subscriptions = await db.Set<UpdateSubscription>().AsNoTracking().Where(s => s.UserId == UserId).OrderBy(s => s.Topic).ToListAsync(ct);

}
