using System.Text.RegularExpressions;
using Accreditation.Core.Data;
using Accreditation.Notifications.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Testing;

/// <summary>An email in the site's outbox: to whom, its subject, the first link in it, and when it was queued.</summary>
public sealed record QueuedMessage(string To, string Subject, string TextBody, string? Link, DateTimeOffset At);

/// <summary>Reads the emails the site has queued (whether or not they have been dispatched yet).</summary>
public static partial class Outbox
{
    /// <summary>Every queued email to <paramref name="address"/>, oldest first.</summary>
    public static Task<List<QueuedMessage>> EmailsToAsync(this PlatformFactory site, string address) =>
        site.WithScopeAsync(async sp =>
        {
            var wanted = address.ToLowerInvariant();
            var rows = await sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().AsNoTracking()
                .Where(e => e.RecipientAddresses.Contains(wanted))
                .Select(e => new { e.RecipientAddresses, e.Subject, e.TextBody, e.CreatedAt, e.MessageId })
                .ToListAsync();
            return rows
                .Where(e => e.RecipientAddresses.Split(", ").Contains(wanted))
                .OrderBy(e => e.CreatedAt)
                .Select(e => (e.Subject, e.CreatedAt, Text: e.TextBody == OutboxEmail.SecretRemovedText ? SentText(site, e.MessageId) ?? e.TextBody : e.TextBody))
                .Select(e => new QueuedMessage(address, e.Subject, e.Text, LinkIn(e.Text), e.CreatedAt))
                .ToList();
        });

    /// <summary>
    /// The text of a message as it was sent to the pickup folder: the outbox removes the text of a message holding a
    /// one-time link once it is sent, so a test reads the link from the copy the site sent.
    /// </summary>
    private static string? SentText(PlatformFactory site, string messageId)
    {
        var file = Path.Combine(site.AppDataPath, "mail", string.Concat(messageId.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')) + ".eml");
        if (!File.Exists(file))
        {
            return null;
        }

        using var message = MimeKit.MimeMessage.Load(file);
        return message.TextBody;
    }

    /// <summary>The first http(s) link in a text, or null.</summary>
    public static string? LinkIn(string text) => Link().Match(text) is { Success: true } match ? match.Value : null;

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Link();
}
