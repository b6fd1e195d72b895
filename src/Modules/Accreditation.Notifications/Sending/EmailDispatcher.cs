using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Notifications.Outbox;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Accreditation.Notifications.Sending;

/// <summary>What one dispatch round did.</summary>
public sealed record DispatchRound(int Claimed, int Sent, int Failed, int Dead)
{
    /// <summary>A round that found nothing due.</summary>
    public static readonly DispatchRound Nothing = new(0, 0, 0, 0);
}

/// <summary>
/// Sends due messages of the outbox: claims a batch, sends it through one SMTP connection (or the pickup folder), and
/// records each message's outcome the moment it is known.
/// </summary>
/// <remarks>
/// Why it delivers once, and when it cannot promise that:
/// <list type="bullet">
/// <item>Claiming is a conditional UPDATE (due, not leased by anyone else); only the rows this round leased are sent,
/// so two nodes never send the same message at the same time. A node that dies mid-batch loses its lease after
/// Email:Dispatch:LeaseSeconds and another node takes the messages over; a round stops early rather than outlive
/// its lease.</item>
/// <item>A message is marked sent in its own write issued straight after the server's 250 reply to the message data,
/// the moment the server took responsibility for it; not at the end of the batch. (The next message goes out while
/// that write completes; a failure never overtakes it.)</item>
/// <item>An unclear failure (the connection broke after the data went out but before the reply came back, RFC 1047)
/// cannot be told apart from a lost message, so it is retried: "must arrive" wins over "might arrive twice". The
/// retry is the identical message with the same Message-Id (fixed when queued), so receiving systems and mail
/// clients can recognise a duplicate; we do not rely on them doing so. The same holds for the short window between
/// the server's reply and our write, if the process dies exactly there.</item>
/// <item>A refusal (4xx or 5xx reply) is clear: nothing was delivered. Every failure counts an attempt; the next one
/// waits RetryDelay × 2^(n−1); after MaxAttempts the message is dead until an admin retries it.</item>
/// </list>
/// </remarks>
public sealed class EmailDispatcher(
    AccreditationDbContext db,
    TimeProvider clock,
    IIdSource ids,
    IConfiguration configuration,
    DatabaseSettings database,
    IHostEnvironment environment,
    IServiceScopeFactory scopes,
    ILogger<EmailDispatcher> logger)
{
    /// <summary>Runs one round with the current settings.</summary>
    public Task<DispatchRound> DispatchAsync(CancellationToken ct = default) =>
        DispatchAsync(EmailSettings.Read(configuration, database, environment), ct);

    /// <summary>
    /// Runs one round: claims up to BatchSize due messages and sends them through Email:Dispatch:Connections
    /// connections at once (default 1), each reused for its share of the batch.
    /// </summary>
    public async Task<DispatchRound> DispatchAsync(EmailSettings settings, CancellationToken ct)
    {
        var (lease, leaseUntil, batch) = await ClaimAsync(settings, ct);
        if (batch.Count == 0)
        {
            return DispatchRound.Nothing;
        }

        var connections = Math.Min(settings.Connections, batch.Count);
        DispatchRound[] results;
        if (connections == 1)
        {
            results = [await SendAsync(db, batch, lease, leaseUntil, settings, ct)];
        }
        else
        {
            // Each connection takes every n-th message; each has its own context, since sends overlap.
            results = await Task.WhenAll(Enumerable.Range(0, connections).Select(async k =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var share = batch.Where((_, i) => i % connections == k).ToList();
                return await SendAsync(scope.ServiceProvider.GetRequiredService<AccreditationDbContext>(), share, lease, leaseUntil, settings, ct);
            }));
        }

        if (results.Sum(r => r.Claimed) < batch.Count)
        {
            // Hand back what this round did not get to, untouched, for the next round (here or on another node).
            await db.Set<OutboxEmail>()
                .Where(m => m.LeaseId == lease)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseId, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        }

        return new DispatchRound(batch.Count, results.Sum(r => r.Sent), results.Sum(r => r.Failed), results.Sum(r => r.Dead));
    }

    /// <summary>
    /// Sends messages one after another through one session, recording each outcome as soon as it is known. The record
    /// of a message accepted by the server is written while the next message goes out (the write is issued at once;
    /// only the wait for it overlaps), and always before this method returns. Claimed counts the messages attempted.
    /// </summary>
    private async Task<DispatchRound> SendAsync(AccreditationDbContext context, List<OutboxEmail> messages, Guid lease, DateTimeOffset leaseUntil, EmailSettings settings, CancellationToken ct)
    {
        int sent = 0, failed = 0, dead = 0, index = 0;
        var recording = Task.CompletedTask;
        await using (var session = MailTransport.Open(settings))
        {
            try
            {
                for (; index < messages.Count; index++)
                {
                    // Never send under a lease that may have run out: another node could be sending the same message.
                    if (clock.GetUtcNow() >= leaseUntil - TimeSpan.FromSeconds(15) || ct.IsCancellationRequested)
                    {
                        break;
                    }

                    var email = messages[index];
                    string? error;
                    try
                    {
                        await session.SendAsync(OutgoingMessage.Build(email), ct);
                        error = null;
                    }
                    catch (MailServerUnavailableException ex)
                    {
                        // Nothing can go out through this session: every remaining message has had (and failed) its attempt.
                        await recording;
                        foreach (var rest in messages.Skip(index))
                        {
                            if (await RecordFailureAsync(context, rest, lease, settings, ex.Message))
                            {
                                dead++;
                            }
                            else
                            {
                                failed++;
                            }
                        }

                        logger.LogWarning("Email server unavailable; {Count} message(s) will be retried: {Error}", messages.Count - index, ex.Message);
                        index = messages.Count;
                        break;
                    }
                    catch (SmtpCommandException ex)
                    {
                        error = $"The server refused the message ({(int)ex.StatusCode} {ex.ErrorCode}): {ex.Message}";
                    }
                    catch (UnclearDeliveryException ex)
                    {
                        error = $"Unclear whether the server took the message; it will be sent again with the same Message-Id. {ex.Message}";
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        error = $"{ex.GetType().Name}: {ex.Message}";
                    }

                    await recording;
                    if (error is null)
                    {
                        recording = RecordSentAsync(context, email, lease);
                        sent++;
                    }
                    else
                    {
                        logger.LogWarning("Email {MessageId} not sent (attempt {Attempt}): {Error}", email.MessageId, email.Attempts + 1, error);
                        if (await RecordFailureAsync(context, email, lease, settings, error))
                        {
                            dead++;
                        }
                        else
                        {
                            failed++;
                        }
                    }
                }
            }
            finally
            {
                await recording;
            }
        }

        return new DispatchRound(index, sent, failed, dead);
    }

    /// <summary>Runs rounds until nothing is due (tests, benchmarks, and draining before shutdown).</summary>
    public async Task<DispatchRound> DrainAsync(EmailSettings settings, CancellationToken ct = default)
    {
        var total = DispatchRound.Nothing;
        while (!ct.IsCancellationRequested)
        {
            var round = await DispatchAsync(settings, ct);
            if (round.Claimed == 0)
            {
                break;
            }

            total = new DispatchRound(total.Claimed + round.Claimed, total.Sent + round.Sent, total.Failed + round.Failed, total.Dead + round.Dead);
            if (round.Sent == 0)
            {
                break; // everything failed: what is left waits for its next attempt
            }
        }

        return total;
    }

    private async Task<(Guid Lease, DateTimeOffset LeaseUntil, List<OutboxEmail> Batch)> ClaimAsync(EmailSettings settings, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var outbox = db.Set<OutboxEmail>();
        var due = await outbox.AsNoTracking()
            .Where(m => (m.Status == OutboxStatus.Queued || m.Status == OutboxStatus.Failed) && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return (Guid.Empty, now, []);
        }

        var lease = ids.NewId();
        var leaseUntil = now + settings.Lease;
        // The conditions are checked again by the UPDATE itself: of two nodes claiming the same rows, the second finds
        // them leased (PostgreSQL re-reads a row it waited for; SQLite runs one writer at a time) and gets none.
        await outbox
            .Where(m => due.Contains(m.Id) && (m.Status == OutboxStatus.Queued || m.Status == OutboxStatus.Failed) && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseId, lease).SetProperty(m => m.LeaseUntil, leaseUntil), ct);
        var batch = await outbox.AsNoTracking()
            .Where(m => m.LeaseId == lease)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .ToListAsync(ct);
        return (lease, leaseUntil, batch);
    }

    private async Task RecordSentAsync(AccreditationDbContext context, OutboxEmail email, Guid lease)
    {
        var now = clock.GetUtcNow();
        // Not cancellable (nor the failure record): the server has the message, so the record must say so even during shutdown.
        // A message holding a secret link keeps no copy of it once sent; no sent message keeps its unsubscribe link.
        var rows = await context.Set<OutboxEmail>()
            .Where(m => m.Id == email.Id && m.LeaseId == lease)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sent)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.Attempts, email.Attempts + 1)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.TextBody, m => m.HoldsSecret ? OutboxEmail.SecretRemovedText : m.TextBody)
                .SetProperty(m => m.HtmlBody, m => m.HoldsSecret ? null : m.HtmlBody)
                .SetProperty(m => m.UnsubscribeUrl, (string?)null)
                .SetProperty(m => m.LeaseId, (Guid?)null)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        if (rows == 0)
        {
            logger.LogWarning("Email {MessageId} was sent after its lease was lost; another node may send it again.", email.MessageId);
        }

    }

    /// <summary>Records a failed attempt; returns whether the message is now dead.</summary>
    private async Task<bool> RecordFailureAsync(AccreditationDbContext context, OutboxEmail email, Guid lease, EmailSettings settings, string error)
    {
        var now = clock.GetUtcNow();
        var attempts = email.Attempts + 1;
        var isDead = attempts >= settings.MaxAttempts;
        var status = isDead ? OutboxStatus.Dead : OutboxStatus.Failed;
        var next = isDead ? now : now + settings.DelayAfter(attempts);
        var message = error.Length > 2000 ? error[..2000] : error;
        await context.Set<OutboxEmail>()
            .Where(m => m.Id == email.Id && m.LeaseId == lease)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, status)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LastError, message)
                .SetProperty(m => m.LeaseId, (Guid?)null)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        if (isDead)
        {
            logger.LogError("Email {MessageId} is dead after {Attempts} attempts: {Error}", email.MessageId, attempts, error);
        }

        return isDead;
    }
}
