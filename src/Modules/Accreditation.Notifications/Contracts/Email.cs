namespace Accreditation.Notifications.Contracts;

/// <summary>A person an email goes to: an address and an optional display name.</summary>
public sealed record EmailAddress(string Address, string? DisplayName = null);

/// <summary>
/// An email another module asks to send. Either name a <see cref="Template"/> with a <see cref="Model"/>, or give
/// <see cref="Subject"/>, <see cref="TextBody"/> and optionally <see cref="HtmlBody"/> already written.
/// </summary>
public sealed record EmailMessage
{
    /// <summary>Who it goes to (at least one).</summary>
    public required IReadOnlyList<EmailAddress> To { get; init; }

    /// <summary>The template's name (e.g. "test-email"); null when the message carries its own subject and body.</summary>
    public string? Template { get; init; }

    /// <summary>
    /// Values the template sees, e.g. <c>new { candidate = new { name = "Sam" } }</c>. Copied as plain data through JSON
    /// (names as System.Text.Json's web defaults write them: <c>CandidateName</c> becomes <c>candidateName</c>), so a
    /// template can read values but never call into the caller's objects.
    /// </summary>
    public object? Model { get; init; }

    /// <summary>Subject, when no template is named.</summary>
    public string? Subject { get; init; }

    /// <summary>Plain-text body, when no template is named.</summary>
    public string? TextBody { get; init; }

    /// <summary>HTML body, when no template is named (optional: a text-only message is fine).</summary>
    public string? HtmlBody { get; init; }

    /// <summary>
    /// An https URL that unsubscribes the recipient in one click (RFC 8058); when set the message carries
    /// List-Unsubscribe and List-Unsubscribe-Post headers.
    /// </summary>
    public string? UnsubscribeUrl { get; init; }

    /// <summary>
    /// Whether the body carries a live secret (an invitation, password-reset or endorsement link, an unsubscribe link):
    /// its text is removed from the outbox as soon as it is sent, so the link is never left where people can read it.
    /// </summary>
    public bool HoldsSecret { get; init; }
}

/// <summary>What the outbox recorded: the outbox id and the Message-Id every delivery attempt will carry.</summary>
public sealed record QueuedEmail(Guid Id, string MessageId);

/// <summary>
/// The one way modules send email. <see cref="EnqueueAsync"/> adds the message to the caller's
/// <see cref="Core.Data.AccreditationDbContext"/>; it is written by the caller's own SaveChanges, in the same
/// transaction as the change that caused it, so a change rolled back sends nothing and a change saved always sends.
/// </summary>
public interface IEmailOutbox
{
    /// <summary>
    /// Renders the message (template and model, or the given text) and adds it to the outbox. Throws
    /// <see cref="ArgumentException"/> for a message that can never be sent (no recipient, an invalid address, an
    /// unknown template, an unsubscribe URL that is not absolute https): those are programming errors, not people's.
    /// </summary>
    Task<QueuedEmail> EnqueueAsync(EmailMessage message, CancellationToken ct = default);
}
