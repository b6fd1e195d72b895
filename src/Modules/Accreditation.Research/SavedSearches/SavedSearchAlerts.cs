using System.Security.Claims;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Modules;
using Accreditation.Core.Web;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications;
using Accreditation.Research.Indexing;
using Accreditation.Research.Library;
using Accreditation.Research.Search;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accreditation.Research.SavedSearches;

/// <summary>
/// The weekly alert of a saved search: once a week, the items published since the last alert that match the search and
/// that the person may see now, in one email through the outbox (written in the same transaction as the record of what
/// was sent, so an item is never sent twice for one search and a failed save sends nothing).
/// </summary>
public sealed class SavedSearchAlerts(
    AccreditationDbContext db,
    IEmailOutbox outbox,
    ResearchIndex index,
    GlossarySource glossary,
    IPeopleDirectory directory,
    TimeProvider clock,
    SiteAddress site,
    ILogger<SavedSearchAlerts> logger)
{
    /// <summary>Time between one saved search's alerts.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromDays(7);

    /// <summary>
    /// How far before the last alert the next one looks again: an item committed while an alert ran, or not yet in this
    /// node's index then, is still found; items already sent are left out, so the overlap never sends one twice.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromHours(1);

    /// <summary>Most items one alert lists.</summary>
    public const int MaxItems = 50;

    /// <summary>Queues every alert that is due; returns how many emails were queued.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - Period;
        var due = (await db.Set<SavedSearch>().AsNoTracking().Where(s => s.WeeklyAlert).ToListAsync(ct))
            .Where(s => WindowStart(s) <= cutoff)
            .OrderBy(s => s.CreatedAt)
            .ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        var userIds = due.Select(s => s.UserId).Distinct().ToList();
        var people = await directory.FindManyAsync(userIds, ct);
        var earliest = due.Min(ItemsFrom);
        var published = await db.Set<ResearchItem>().AsNoTracking()
            .Where(i => i.IsPublished && i.PublishedAt > earliest && i.PublishedAt <= now)
            .Select(i => new { i.Id, i.PublishedAt })
            .ToListAsync(ct);
        var searcher = new ResearchSearcher(index, glossary.Current, SearchTuning.Default);
        var queued = 0;
        foreach (var candidate in due)
        {
            // Read again, tracked, one at a time: a conflict with one search leaves the others to go ahead.
            var search = await db.Set<SavedSearch>().FirstOrDefaultAsync(s => s.Id == candidate.Id, ct);
            if (search is not { WeeklyAlert: true } || WindowStart(search) > cutoff)
            {
                continue;
            }

            var start = ItemsFrom(search);
            var queuedHere = false;
            search.LastAlertAt = now;
            var candidates = published.Where(p => p.PublishedAt > start).Select(p => p.Id).ToHashSet();
            if (candidates.Count > 0 && people.TryGetValue(search.UserId, out var person) && person.IsActive && person.Email.Length > 0)
            {
                var sent = await db.Set<SavedSearchAlertItem>().Where(a => a.SavedSearchId == search.Id).Select(a => a.ItemId).ToListAsync(ct);
                candidates.ExceptWith(sent);
                if (candidates.Count > 0)
                {
                    // What the person may see now (roles can change between saving and the alert).
                    // Null only when they were deactivated a moment ago: then nothing is sent.
                    var principal = await directory.PrincipalOfAsync(person.Id, ct) ?? new ClaimsPrincipal();
                    var request = SavedSearchQuery.Request(search.Query) with
                    {
                        OnlyItems = candidates,
                        Sort = ResearchSort.Newest,
                        Page = 1,
                        PageSize = MaxItems,
                    };
                    var found = searcher.Search(request, ResearchSearch.AudienceOf(principal), suggest: false);
                    if (found.Total > 0 && principal.Identity is not null)
                    {
                        await outbox.EnqueueAsync(Email(person, search, found), ct);
                        foreach (var hit in found.Hits)
                        {
                            db.Set<SavedSearchAlertItem>().Add(new SavedSearchAlertItem { SavedSearchId = search.Id, ItemId = hit.Id, SentAt = now });
                        }

                        queuedHere = true;
                    }
                }
            }

            try
            {
                // One transaction per search: its email, what it sent and when it last ran, all or nothing.
                await db.SaveChangesAsync(ct);
                queued += queuedHere ? 1 : 0;
            }
            catch (DbUpdateConcurrencyException)
            {
                // The person changed or deleted the search meanwhile, or another node sent this alert: nothing is sent.
                logger.LogInformation("Saved search {Id} changed while its alert was prepared; it is skipped this round.", search.Id);
                db.ChangeTracker.Clear();
            }
        }

        return queued;
    }

    // When the search is next due counts from its last alert (or from when alerts were turned on).
    private static DateTimeOffset WindowStart(SavedSearch search) => search.LastAlertAt ?? search.AlertsFrom ?? search.CreatedAt;

    // Items published after this are new to the alert.
    private static DateTimeOffset ItemsFrom(SavedSearch search) => search.LastAlertAt is { } last ? last - Overlap : search.AlertsFrom ?? search.CreatedAt;

    private EmailMessage Email(PersonSummary person, SavedSearch search, ResearchSearchResults found)
    {
        var baseUrl = site.BaseUrl;
        var html = HtmlEncoder.Default;
        var searchUrl = $"{baseUrl}/research?{search.Query}";
        var manageUrl = $"{baseUrl}/research/saved";
        var count = found.Total == 1 ? "1 new item" : $"{found.Total.ToString("N0", CultureInfo.InvariantCulture)} new items";
        var text = new StringBuilder();
        var body = new StringBuilder();
        var name = person.Name;
        text.Append(CultureInfo.InvariantCulture, $"Hello {name},\n\n{count} in the practice research library match your saved search \"{search.Name}\":\n\n");
        body.Append(CultureInfo.InvariantCulture, $"<p>Hello {html.Encode(name)},</p><p>{count} in the practice research library match your saved search “{html.Encode(search.Name)}”:</p><ul>");
        foreach (var hit in found.Hits)
        {
            var url = $"{baseUrl}/research/items/{hit.Id}";
            var details = string.Join(", ", new[] { ResearchLabels.TypeLabel(hit.Type), hit.Year?.ToString(CultureInfo.InvariantCulture) }.Where(d => !string.IsNullOrEmpty(d)));
            text.Append(CultureInfo.InvariantCulture, $"- {hit.Title} ({details})\n  {url}\n");
            body.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{html.Encode(url)}\">{html.Encode(hit.Title)}</a> ({html.Encode(details)})</li>");
        }

        body.Append("</ul>");
        if (found.Total > found.Hits.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nThese are the newest {found.Hits.Count}. See every match: {searchUrl}\n");
            body.Append(CultureInfo.InvariantCulture, $"<p>These are the newest {found.Hits.Count}. <a href=\"{html.Encode(searchUrl)}\">See every match</a>.</p>");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nTo stop these emails or change your saved searches: {manageUrl}\n");
        body.Append(CultureInfo.InvariantCulture, $"<p>To stop these emails or change your saved searches, go to <a href=\"{html.Encode(manageUrl)}\">your saved searches</a>.</p>");
        return new EmailMessage
        {
            To = [new EmailAddress(person.Email!, person.DisplayName.Length > 0 ? person.DisplayName : null)],
            Subject = $"New research for your saved search: {(search.Name.Length > 80 ? search.Name[..80] + "…" : search.Name)}",
            TextBody = text.ToString(),
            HtmlBody = body.ToString(),
        };
    }
}

/// <summary>Sends due saved-search alerts every hour, after bringing this node's index up to date with the database.</summary>
public sealed class SavedSearchAlertTask(IndexWorker worker, IConfiguration configuration) : IBackgroundTask
{
    /// <inheritdoc />
    public TimeSpan Interval => TimeSpan.FromHours(1);

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        if (!configuration.GetValue("Research:Alerts:Enabled", true))
        {
            return;
        }

        await worker.RunOnceAsync(services, ct: ct);
        await services.GetRequiredService<SavedSearchAlerts>().SendDueAsync(ct);
    }
}
