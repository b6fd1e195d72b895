using System.Text.Json;
using Accreditation.Core.Identity;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Core.Privacy;
using Accreditation.Core.Time;
using Accreditation.Core.Web;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications;
using Accreditation.Privacy.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accreditation.Privacy.Requests;

/// <summary>What one round did.</summary>
public sealed record RequestRound(int Copies, int Erasures, int Expired, int Failed);

/// <summary>
/// Answers privacy requests in the background: prepares copies (one ZIP each), runs erasures, retries erasures waiting
/// on legal holds once a day, and deletes copies whose 7 days are over. Each request is claimed with a conditional
/// update (a lease), so two nodes never work on the same one; a node that dies loses its lease and another takes over.
/// </summary>
public sealed class PrivacyRequestProcessor(
    AccreditationDbContext db,
    IPeopleDirectory people,
    PersonalDataProviders providers,
    PrivacyRequests requests,
    TimeProvider clock,
    IIdSource ids,
    IServiceProvider services,
    ModuleState modules,
    SiteAddress site,
    ILogger<PrivacyRequestProcessor> logger)
{
    /// <summary>How long a claim holds.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);

    /// <summary>How long an erasure waiting on a legal hold waits before it is tried again.</summary>
    public static readonly TimeSpan WaitingRetry = TimeSpan.FromDays(1);

    /// <summary>Attempts before a request is left failed for an admin to retry.</summary>
    public const int MaxAttempts = 3;

    /// <summary>Runs one round: expires old copies, then answers every request that is due.</summary>
    public async Task<RequestRound> RunAsync(CancellationToken ct = default)
    {
        var expired = await ExpireAsync(ct);
        int copies = 0, erasures = 0, failed = 0;
        while (!ct.IsCancellationRequested && await ClaimAsync(ct) is { } claimed)
        {
            var (request, lease) = claimed;
            try
            {
                if (request.Kind == PrivacyRequestKind.Access)
                {
                    await PrepareCopyAsync(request, lease, ct);
                    copies++;
                }
                else
                {
                    await EraseAsync(request, lease, ct);
                    erasures++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                db.ChangeTracker.Clear();
                if (request.Kind == PrivacyRequestKind.Access)
                {
                    requests.Copies.Delete(PrivacyRequests.CopyName(request.Id, lease)); // whatever this round stored
                }

                logger.LogError(ex, "Privacy request {Request} ({Kind}) failed on attempt {Attempt}.", request.Id, request.Kind, request.Attempts + 1);
                var last = request.Attempts + 1 >= MaxAttempts;
                var message = $"{ex.GetType().Name}: {ex.Message}";
                await db.Set<PrivacyRequest>().Where(r => r.Id == request.Id && r.LeaseId == lease)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.State, last ? PrivacyRequestState.Failed : PrivacyRequestState.Queued)
                        .SetProperty(r => r.Attempts, request.Attempts + 1)
                        .SetProperty(r => r.Error, message.Length > 2000 ? message[..2000] : message)
                        .SetProperty(r => r.NextAttemptAt, clock.GetUtcNow().AddMinutes(5))
                        .SetProperty(r => r.LeaseId, (Guid?)null)
                        .SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
            }
        }

        return new RequestRound(copies, erasures, expired, failed);
    }

    /// <summary>Claims the next due request: queued, an erasure whose wait is over, or one whose claimant's lease ran out.</summary>
    private async Task<(PrivacyRequest Request, Guid Lease)?> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Set<PrivacyRequest>().AsNoTracking()
            .Where(r => (r.State == PrivacyRequestState.Queued || r.State == PrivacyRequestState.Waiting || r.State == PrivacyRequestState.Building || r.State == PrivacyRequestState.Erasing)
                && r.NextAttemptAt <= now && (r.LeaseUntil == null || r.LeaseUntil < now))
            .OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Id)
            .Select(r => r.Id)
            .Take(5)
            .ToListAsync(ct);
        foreach (var id in due)
        {
            var lease = ids.NewId();
            // The conditions again, inside the UPDATE: of two nodes claiming the same row, the second updates nothing.
            var claimed = await db.Set<PrivacyRequest>()
                .Where(r => r.Id == id && (r.LeaseUntil == null || r.LeaseUntil < now)
                    && (r.State == PrivacyRequestState.Queued || r.State == PrivacyRequestState.Waiting || r.State == PrivacyRequestState.Building || r.State == PrivacyRequestState.Erasing))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.LeaseId, lease)
                    .SetProperty(r => r.LeaseUntil, now + Lease)
                    .SetProperty(r => r.State, r => r.Kind == PrivacyRequestKind.Access ? PrivacyRequestState.Building : PrivacyRequestState.Erasing), ct);
            if (claimed == 1)
            {
                return (await db.Set<PrivacyRequest>().AsNoTracking().SingleAsync(r => r.Id == id, ct), lease);
            }
        }

        return null;
    }

    private async Task PrepareCopyAsync(PrivacyRequest request, Guid lease, CancellationToken ct)
    {
        var subject = await requests.SubjectAsync(request.SubjectId, null, ct)
            ?? throw new InvalidOperationException("The person's account no longer exists, so there is nothing to copy.");
        var export = await providers.ExportAsync(subject, ct);
        // Under a name of this round's own: a round whose lease ran out may still be writing, or may have stored a copy.
        var name = PrivacyRequests.CopyName(request.Id, lease);
        ArchiveSummary summary = null!; // set by the writer before SaveAsync returns
        var length = await requests.Copies.SaveAsync(name, async (file, token) => summary = await SubjectAccessArchive.WriteAsync(export, subject, clock.GetUtcNow(), file, token), ct);
        var now = clock.GetUtcNow();
        var updated = await db.Set<PrivacyRequest>().Where(r => r.Id == request.Id && r.LeaseId == lease)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, PrivacyRequestState.Ready)
                .SetProperty(r => r.CompletedAt, now)
                .SetProperty(r => r.ExpiresAt, now + PrivacyRequests.DownloadLifetime)
                .SetProperty(r => r.Length, length)
                .SetProperty(r => r.CopyId, lease)
                .SetProperty(r => r.OutcomeJson, JsonSerializer.Serialize(summary, PrivacyRequests.Json))
                .SetProperty(r => r.Error, (string?)null)
                .SetProperty(r => r.Attempts, request.Attempts + 1)
                .SetProperty(r => r.LeaseId, (Guid?)null)
                .SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        if (updated == 0)
        {
            // The lease ran out and another round took the request: its copy wins, and this one's goes.
            requests.Copies.Delete(name);
            return;
        }

        // Copies earlier rounds stored before their leases ran out hold the same personal data: they go.
        foreach (var stale in requests.Copies.List(PrivacyRequests.CopyPrefix(request.Id)).Where(f => f.Name != name))
        {
            requests.Copies.Delete(stale.Name);
        }

        var audit = services.GetRequiredService<IAuditTrail>();
        audit.Add("privacy.copy-ready", "PrivacyRequest", request.Id.ToString(), $"{summary.Documents.Count} documents, {summary.Files} files");
        await EmailReadyAsync(request, ct);
        await db.SaveChangesAsync(ct);
    }

    private async Task EraseAsync(PrivacyRequest request, Guid lease, CancellationToken ct)
    {
        var subject = await requests.SubjectAsync(request.SubjectId, request.Pseudonym, ct);
        ErasureRun? run = null;
        if (subject is not null)
        {
            run = await providers.EraseAsync(subject, ct);
        }

        var now = clock.GetUtcNow();
        var held = run?.Plan.Lines.Where(l => l.Action == ErasurePlanAction.Held).ToList() ?? [];
        var outcome = JsonSerializer.Serialize(new { Done = run?.Done ?? [], Held = held }, PrivacyRequests.Json);
        var waiting = held.Count > 0;
        var pseudonym = request.Pseudonym ?? request.SubjectId;
        await db.Set<PrivacyRequest>().Where(r => r.Id == request.Id && r.LeaseId == lease)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, waiting ? PrivacyRequestState.Waiting : PrivacyRequestState.Erased)
                // Once erased, the request keeps only the pseudonym: it is the record that the erasure was done.
                .SetProperty(r => r.SubjectId, r => waiting ? r.SubjectId : pseudonym)
                .SetProperty(r => r.RequestedById, r => !waiting && r.RequestedById == request.SubjectId ? pseudonym : r.RequestedById)
                .SetProperty(r => r.CompletedAt, r => waiting ? r.CompletedAt : now)
                .SetProperty(r => r.NextAttemptAt, now + WaitingRetry)
                .SetProperty(r => r.OutcomeJson, outcome)
                .SetProperty(r => r.Error, (string?)null)
                .SetProperty(r => r.Attempts, request.Attempts + 1)
                .SetProperty(r => r.LeaseId, (Guid?)null)
                .SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        services.GetRequiredService<IAuditTrail>().Add(waiting ? "privacy.erasure-waiting" : "privacy.erasure-done", "PrivacyRequest", request.Id.ToString(),
            waiting ? $"{held.Count} held record(s) kept until their holds end" : $"person {pseudonym}");
        await db.SaveChangesAsync(ct);
        if (!db.IsPostgreSql)
        {
            // The request's own row held the person's id until this update: checkpoint again, so the database file
            // no longer does either (the erasure checkpointed before it).
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }
    }

    /// <summary>Deletes copies whose download period is over.</summary>
    private async Task<int> ExpireAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = await db.Set<PrivacyRequest>().AsNoTracking()
            .Where(r => r.Kind == PrivacyRequestKind.Access && (r.State == PrivacyRequestState.Ready || r.State == PrivacyRequestState.Downloaded) && r.ExpiresAt <= now)
            .Select(r => r.Id).ToListAsync(ct);
        foreach (var id in expired)
        {
            requests.Copies.DeleteAll(PrivacyRequests.CopyPrefix(id));
            await db.Set<PrivacyRequest>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, PrivacyRequestState.Expired), ct);
        }

        return expired.Count;
    }

    /// <summary>Tells the person who asked that the copy is ready (when email can be sent at all).</summary>
    private async Task EmailReadyAsync(PrivacyRequest request, CancellationToken ct)
    {
        if (!modules.IsEnabled(Notifications.Manifest.Id) || services.GetService<IEmailOutbox>() is not { } outbox)
        {
            return;
        }

        var to = await people.FindAnyAsync(request.RequestedById, ct);
        if (to?.Email is not { Length: > 0 } email)
        {
            return;
        }

        var page = request.SubjectId == request.RequestedById ? "/account/privacy" : $"/admin/privacy/people/{Uri.EscapeDataString(request.SubjectId)}";
        var link = site.Link(page);
        var until = Core.Dates.UkCalendar.Format(clock.GetUtcNow() + PrivacyRequests.DownloadLifetime);
        await outbox.EnqueueAsync(new EmailMessage
        {
            To = [new EmailAddress(email, to.DisplayName)],
            Subject = "The copy of personal data you asked for is ready",
            TextBody = $"The copy of personal data you asked for is ready to download until {until}. Sign in and download it here:\n{link}\n\n" +
                "After that date it is deleted, and you can ask for a new copy.",
            HtmlBody = $"<p>The copy of personal data you asked for is ready to download until {System.Net.WebUtility.HtmlEncode(until)}.</p>" +
                $"<p><a href=\"{System.Net.WebUtility.HtmlEncode(link)}\">Sign in and download it</a>.</p><p>After that date it is deleted, and you can ask for a new copy.</p>",
        }, ct);
    }
}
