using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accreditation.Identity.Invitations;

/// <summary>An email the Identity module could not send: to whom, what about, and the link in it.</summary>
public sealed record AccountEmail(string To, string Subject, string Link, DateTimeOffset At);

/// <summary>
/// The account emails that could not be sent because the Notifications module is switched off (the newest 200), so an
/// operator can still find a reset link in an emergency; nothing in it is shown to anyone but the admin who invited.
/// </summary>
public sealed class UndeliveredAccountEmails
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<AccountEmail> emails = new();

    /// <summary>The emails, oldest first.</summary>
    public IReadOnlyList<AccountEmail> All => emails.ToArray();

    /// <summary>Keeps an email.</summary>
    public void Add(AccountEmail email)
    {
        emails.Enqueue(email);
        while (emails.Count > Kept && emails.TryDequeue(out _))
        {
        }
    }
}

/// <summary>
/// Sends the Identity module's emails (invitations and password-reset links) through the Notifications outbox, saved
/// with the caller's changes (the caller's transaction, when it has one). Identity is always on but Notifications can
/// be switched off: then nothing is sent, an invitation's link is shown to the admin who invited (the caller shows it
/// when this returns false), and a password-reset link is only kept in <see cref="UndeliveredAccountEmails"/> (the
/// requester is told the same either way, so no one learns which addresses have accounts).
/// </summary>
public sealed class AccountEmails(
    IServiceProvider services,
    ModuleState modules,
    AccreditationDbContext db,
    UndeliveredAccountEmails undelivered,
    TimeProvider clock,
    ILogger<AccountEmails> logger)
{
    private static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");

    private IEmailOutbox? Outbox => modules.IsEnabled(Notifications.Manifest.Id) ? services.GetService<IEmailOutbox>() : null;

    /// <summary>Sends an invitation; false when it could not be sent and the admin must pass the link on.</summary>
    public async Task<bool> SendInvitationAsync(string to, string organisation, string link, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var until = expiresAt.ToString("d MMMM yyyy 'at' HH:mm 'UTC'", British);
        var subject = "You are invited to the practice leader accreditation service";
        if (Outbox is not { } outbox)
        {
            undelivered.Add(new AccountEmail(to, subject, link, clock.GetUtcNow()));
            logger.LogInformation("Invitation not emailed: the Notifications module is off, so the link is shown to the admin who invited.");
            return false;
        }

        await outbox.EnqueueAsync(new EmailMessage
        {
            To = [new EmailAddress(to)],
            Subject = subject,
            TextBody = $"You have been invited to join the practice leader accreditation service as part of {organisation}.\n\n" +
                $"Create your account here (the link works once, until {until}):\n{link}\n\n" +
                "If you were not expecting this invitation, you can ignore this email: no account is made until the link is used.",
            HtmlBody = $"<p>You have been invited to join the practice leader accreditation service as part of {WebUtility.HtmlEncode(organisation)}.</p>" +
                $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Create your account</a> (the link works once, until {until}).</p>" +
                "<p>If you were not expecting this invitation, you can ignore this email: no account is made until the link is used.</p>",
            HoldsSecret = true,
        }, ct);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Sends a password-reset link.</summary>
    public async Task SendPasswordResetAsync(string to, string userId, string link, CancellationToken ct)
    {
        const string subject = "Reset your password";
        if (Outbox is not { } outbox)
        {
            undelivered.Add(new AccountEmail(to, subject, link, clock.GetUtcNow()));
            logger.LogInformation("Password reset link for user {UserId} not emailed: the Notifications module is off.", userId);
            return;
        }

        await outbox.EnqueueAsync(new EmailMessage
        {
            To = [new EmailAddress(to)],
            Subject = subject,
            TextBody = "Someone asked to reset the password of your account on the practice leader accreditation service.\n\n" +
                $"Choose a new password here (the link works once, for 3 hours):\n{link}\n\n" +
                "If it was not you, ignore this email: your password has not changed. You will still need your two-factor code to sign in.",
            HtmlBody = "<p>Someone asked to reset the password of your account on the practice leader accreditation service.</p>" +
                $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Choose a new password</a> (the link works once, for 3 hours).</p>" +
                "<p>If it was not you, ignore this email: your password has not changed. You will still need your two-factor code to sign in.</p>",
            HoldsSecret = true,
        }, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sends the link that confirms a new email address to that address.</summary>
    public async Task SendEmailChangeAsync(string to, string userId, string link, CancellationToken ct)
    {
        const string subject = "Confirm your new email address";
        if (Outbox is not { } outbox)
        {
            undelivered.Add(new AccountEmail(to, subject, link, clock.GetUtcNow()));
            logger.LogInformation("Email change link for user {UserId} not emailed: the Notifications module is off.", userId);
            return;
        }

        await outbox.EnqueueAsync(new EmailMessage
        {
            To = [new EmailAddress(to)],
            Subject = subject,
            TextBody = "Someone asked to use this email address for their account on the practice leader accreditation service.\n\n" +
                $"Confirm it here (the link works once, for 3 hours):\n{link}\n\n" +
                "If it was not you, ignore this email: nothing changes.",
            HtmlBody = "<p>Someone asked to use this email address for their account on the practice leader accreditation service.</p>" +
                $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Confirm your new email address</a> (the link works once, for 3 hours).</p>" +
                "<p>If it was not you, ignore this email: nothing changes.</p>",
        }, ct);
        await db.SaveChangesAsync(ct);
    }
}
