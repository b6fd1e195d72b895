using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Core.Web;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications;
using Accreditation.Publishing.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Subscriptions;

/// <summary>
/// Sends each weekly subscriber, once a week, one email listing the updates published since their last digest that
/// they may read and have not been sent; what was sent is recorded so no update is ever sent to them twice.
/// </summary>
public sealed class WeeklyDigest(
    AccreditationDbContext db,
    IEmailOutbox outbox,
    Readers readers,
    UnsubscribeTokens tokens,
    TimeProvider clock,
    SiteAddress site)
{
    /// <summary>The digest template.</summary>
    public const string Template = "practice-update-digest";

    /// <summary>How long between one subscriber's digests.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromDays(7);

    /// <summary>Queues every digest that is due; returns how many emails were queued.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - Period;
        var due = (await db.Set<UpdateSubscription>()
                .Where(s => s.Frequency == SubscriptionFrequency.Weekly)
                .ToListAsync(ct))
            .Where(s => (s.LastDigestAt ?? s.CreatedAt) <= cutoff)
            .ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        var people = (await readers.ListAsync(due.Select(s => s.UserId).Distinct().ToList(), ct)).ToDictionary(p => p.UserId);
        var published = await db.Set<PracticeUpdate>().AsNoTracking()
            .Where(u => u.Kind == PublicationKind.Update && u.Status == PublicationStatus.Published)
            .ToListAsync(ct);
        var queued = 0;
        foreach (var subscription in due)
        {
            subscription.LastDigestAt = now;
            if (!people.TryGetValue(subscription.UserId, out var person))
            {
                continue;
            }

            var alreadySent = await db.Set<SentUpdate>().Where(s => s.SubscriptionId == subscription.Id)
                .Select(s => s.PracticeUpdateId).ToListAsync(ct);
            var items = published
                .Where(u => u.PublishedAt > subscription.CreatedAt && u.PublishedAt <= now)
                .Where(u => subscription.Topic.Length == 0 || u.TopicList.Contains(subscription.Topic))
                .Where(u => !alreadySent.Contains(u.Id) && person.Reader.MayRead(u))
                .OrderBy(u => u.PublishedAt)
                .ToList();
            if (items.Count == 0)
            {
                continue;
            }

            await outbox.EnqueueAsync(new EmailMessage
            {
                To = [new EmailAddress(person.Email, person.Name)],
                Template = Template,
                Model = new
                {
                    name = person.Name,
                    topic = subscription.Topic.Length == 0 ? "all topics" : subscription.Topic,
                    count = items.Count,
                    updates = items.Select(u => UpdateMailer.Describe(u, site)).ToList(),
                },
                UnsubscribeUrl = tokens.Url(subscription.Id),
            }, ct);
            foreach (var item in items)
            {
                db.Set<SentUpdate>().Add(new SentUpdate { SubscriptionId = subscription.Id, PracticeUpdateId = item.Id, SentAt = now });
            }

            queued++;
        }

        await db.SaveChangesAsync(ct);
        return queued;
    }
}

/// <summary>Runs <see cref="WeeklyDigest"/> every hour (Publishing:BackgroundTasks:Enabled turns it off).</summary>
public sealed class WeeklyDigestTask(IConfiguration configuration) : IBackgroundTask
{
    /// <inheritdoc />
    public TimeSpan Interval => TimeSpan.FromHours(1);

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        if (configuration.GetValue("Publishing:BackgroundTasks:Enabled", true))
        {
            await services.GetRequiredService<WeeklyDigest>().SendDueAsync(ct);
        }
    }
}
