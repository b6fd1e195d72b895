using Accreditation.Core.Data;
using Accreditation.Portfolios.Contracts;

namespace Accreditation.Portfolios.Data;

/// <summary>
/// A request to a verified endorser of the candidate's own organisation (their line manager or principal social worker,
/// who holds the Endorser role there) to endorse their readiness. An endorsement is bound to the portfolio's content at
/// that moment; a later change needs the endorser's confirmation before the candidate can submit.
/// </summary>
public sealed class Endorsement : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The portfolio.</summary>
    public Guid EnrolmentId { get; set; }

    /// <summary>
    /// The endorser's user id. Null only on requests made before endorsers had to sign in (sent as a link to an email
    /// address), which can no longer be answered or count towards submission.
    /// </summary>
    public string? EndorserId { get; set; }

    /// <summary>The endorser's name when asked.</summary>
    public required string EndorserName { get; set; }

    /// <summary>The endorser's email when asked (conflict checks in marking read it too).</summary>
    public required string EndorserEmail { get; set; }

    /// <summary>"Line manager" or "Principal social worker".</summary>
    public required string EndorserRole { get; set; }

    /// <summary>Where it is.</summary>
    public EndorsementStatus Status { get; set; }

    /// <summary>When it was requested.</summary>
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>Only on requests made before endorsers had to sign in: when their link stopped working. Kept as history.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Only on requests made before endorsers had to sign in: the random value their link carried. Kept as history; never checked.</summary>
    public string Nonce { get; set; } = "";

    /// <summary>The endorser's statement of readiness.</summary>
    public string? ReadinessStatement { get; set; }

    /// <summary>The endorser's reasons for declining (the candidate sees them).</summary>
    public string? DeclineReasons { get; set; }

    /// <summary>When the endorser answered (or last confirmed the endorsement after a change).</summary>
    public DateTimeOffset? RespondedAt { get; set; }

    /// <summary>The portfolio's content (text, mappings, files) as the endorser endorsed it, as JSON.</summary>
    public string? EndorsedContent { get; set; }

    /// <summary>SHA-256 of <see cref="EndorsedContent"/> (lowercase hex): the endorsement holds while the portfolio's content has this hash.</summary>
    public string? EndorsedContentHash { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }
}
