using Microsoft.EntityFrameworkCore;

namespace Accreditation.Notifications.Outbox;

/// <summary>Where a message of the outbox stands.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting for its first attempt.</summary>
    Queued,

    /// <summary>The SMTP server (or pickup folder) accepted it.</summary>
    Sent,

    /// <summary>An attempt failed; it will be tried again at NextAttemptAt.</summary>
    Failed,

    /// <summary>Every allowed attempt failed; an admin may retry it.</summary>
    Dead,
}

/// <summary>One email in the outbox, rendered when it was queued, so every attempt sends the same message.</summary>
public sealed class OutboxEmail
{
    /// <summary>Id (time-ordered).</summary>
    public Guid Id { get; set; }

    /// <summary>The Message-Id header (without angle brackets), fixed when queued so a retry is recognisably the same message.</summary>
    public required string MessageId { get; set; }

    /// <summary>The sender's address.</summary>
    public required string FromAddress { get; set; }

    /// <summary>The sender's display name.</summary>
    public string? FromName { get; set; }

    /// <summary>The recipients as RFC 5322 mailboxes, one per line ("Name" &lt;address&gt;).</summary>
    public required string Recipients { get; set; }

    /// <summary>The recipients' addresses in lower case, comma separated, for searching.</summary>
    public required string RecipientAddresses { get; set; }

    /// <summary>The template it was rendered from, or null.</summary>
    public string? TemplateName { get; set; }

    /// <summary>Subject.</summary>
    public required string Subject { get; set; }

    /// <summary>Plain-text part.</summary>
    public required string TextBody { get; set; }

    /// <summary>HTML part, or null for a text-only message.</summary>
    public string? HtmlBody { get; set; }

    /// <summary>One-click unsubscribe URL, or null; removed once the message is sent.</summary>
    public string? UnsubscribeUrl { get; set; }

    /// <summary>Whether the body holds a live secret link: it is replaced by <see cref="SecretRemovedText"/> once sent.</summary>
    public bool HoldsSecret { get; set; }

    /// <summary>What the text of a sent message holding a secret link is replaced with.</summary>
    public const string SecretRemovedText = "[The text of this email was removed once it was sent: it held a one-time link.]";

    /// <summary>What the text of a sent message is replaced with when its retention period ends.</summary>
    public const string RetentionRemovedText = "[The text of this email was removed under the retention schedule.]";

    /// <summary>Where it stands.</summary>
    public OutboxStatus Status { get; set; }

    /// <summary>Attempts made since it was queued (or last retried by an admin).</summary>
    public int Attempts { get; set; }

    /// <summary>Not tried before this instant.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>When it was queued.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the server accepted it.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>What went wrong last time.</summary>
    public string? LastError { get; set; }

    /// <summary>The dispatch round that holds it now; only that round may send it.</summary>
    public Guid? LeaseId { get; set; }

    /// <summary>Until when the lease holds; after that another node may take the message over.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Adds the outbox table to the shared model.</summary>
    public static void Configure(ModelBuilder builder) =>
        builder.Entity<OutboxEmail>(e =>
        {
            e.ToTable("EmailOutbox");
            e.HasKey(m => m.Id);
            e.Property(m => m.MessageId).HasMaxLength(250);
            e.HasIndex(m => m.MessageId).IsUnique();
            e.Property(m => m.FromAddress).HasMaxLength(320);
            e.Property(m => m.FromName).HasMaxLength(200);
            e.Property(m => m.Recipients).HasMaxLength(20000);
            e.Property(m => m.RecipientAddresses).HasMaxLength(20000);
            e.Property(m => m.TemplateName).HasMaxLength(100);
            e.Property(m => m.Subject).HasMaxLength(998);
            e.Property(m => m.UnsubscribeUrl).HasMaxLength(2048);
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.LastError).HasMaxLength(2000);
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
            e.HasIndex(m => m.CreatedAt);
        });
}
