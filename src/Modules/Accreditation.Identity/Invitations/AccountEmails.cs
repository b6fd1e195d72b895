using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Accreditation.Identity.Invitations;

/// <summary>An email the Identity module sends: to whom, what about, and the link in it.</summary>
public sealed record AccountEmail(string To, string Subject, string Link, DateTimeOffset At);

/// <summary>
/// The account emails that could not be sent because the platform has no email outbox yet (the newest 200). Tests
/// read links from here; nothing in it is shown to anyone but the admin who invited.
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
/// Sends the Identity module's emails: invitations and password-reset links. The one place they are sent from, so
/// the Notifications outbox is wired here when it exists. Until then nothing is sent: an invitation's link is shown
/// to the admin who invited (the caller shows it when this returns false), and a password-reset link is only kept in
/// <see cref="UndeliveredAccountEmails"/> (the requester is told nothing either way, so no one learns which addresses
/// have accounts).
/// </summary>
public sealed class AccountEmails(UndeliveredAccountEmails undelivered, TimeProvider clock, ILogger<AccountEmails> logger)
{
    /// <summary>Sends an invitation; false when it was not sent and the admin must pass the link on.</summary>
    public Task<bool> SendInvitationAsync(string to, string organisation, string link, DateTimeOffset expiresAt, CancellationToken ct)
    {
        undelivered.Add(new AccountEmail(to, $"You are invited to the practice leader accreditation service ({organisation}), until {expiresAt:d MMMM yyyy HH:mm} UTC", link, clock.GetUtcNow()));
        logger.LogInformation("Invitation for {Email} not emailed: there is no email outbox yet, so the link is shown to the admin who invited.", to);
        return Task.FromResult(false);
    }

    /// <summary>Sends a password-reset link.</summary>
    public Task SendPasswordResetAsync(string to, string userId, string link, CancellationToken ct)
    {
        undelivered.Add(new AccountEmail(to, "Reset your password", link, clock.GetUtcNow()));
        logger.LogInformation("Password reset link for user {UserId} not emailed: there is no email outbox yet.", userId);
        return Task.CompletedTask;
    }
}
