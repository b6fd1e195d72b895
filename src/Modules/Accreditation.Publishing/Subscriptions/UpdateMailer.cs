using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Core.Web;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications;
using Accreditation.Publishing.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Subscriptions;

/// <summary>
/// Emails a newly published update: to its whole audience when it is important, and to immediate subscribers of its
/// topics. Messages join the publishing transaction through the outbox; the caller saves.
/// </summary>
public sealed class UpdateMailer(
    AccreditationDbContext db,
    IEmailOutbox outbox,
    Readers readers,
    UnsubscribeTokens tokens,
    TimeProvider clock,
    SiteAddress site)
{
    /// <summary>The template of a single-update email.</summary>
    public const string Template = "practice-update";

    /// <summary>Queues the emails an update's publication causes; returns how many.</summary>
    public async Task<int> QueueForPublishedAsync(PracticeUpdate update, CancellationToken ct = default)
    {
        if (update.Kind != PublicationKind.Update)
        {
            return 0;
        }

        var topics = update.TopicList.ToList();
        var subscriptions = await db.Set<UpdateSubscription>().AsNoTracking()
            .Where(s => s.Frequency == SubscriptionFrequency.Immediate && (s.Topic == "" || topics.Contains(s.Topic)))
            .ToListAsync(ct);
        var subscriptionByUser = subscriptions.GroupBy(s => s.UserId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Topic.Length == 0).First());
        var candidates = await readers.ListAsync(update.Important ? null : subscriptionByUser.Keys.ToList(), ct);
        var now = clock.GetUtcNow();
        var sent = 0;
        foreach (var person in candidates.Where(p => p.Reader.MayRead(update)))
        {
            subscriptionByUser.TryGetValue(person.UserId, out var subscription);
            await outbox.EnqueueAsync(new EmailMessage
            {
                To = [new EmailAddress(person.Email, person.Name)],
                Template = Template,
                Model = new
                {
                    name = person.Name,
                    important = update.Important,
                    update = Describe(update, site),
                },
                UnsubscribeUrl = subscription is null ? null : tokens.Url(subscription.Id),
            }, ct);
            if (subscription is not null)
            {
                db.Set<SentUpdate>().Add(new SentUpdate { SubscriptionId = subscription.Id, PracticeUpdateId = update.Id, SentAt = now });
            }

            sent++;
        }

        return sent;
    }

    /// <summary>What templates see of an update.</summary>
    public static object Describe(PracticeUpdate update, SiteAddress site) => new
    {
        title = update.Title,
        summary = update.Summary,
        url = site.Link($"/updates/{Uri.EscapeDataString(update.Slug)}"),
    };
}
