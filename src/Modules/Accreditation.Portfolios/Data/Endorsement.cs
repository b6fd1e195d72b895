using Accreditation.Core.Data;

namespace Accreditation.Portfolios.Data;

/// <summary>Where an endorsement request is.</summary>
public enum EndorsementStatus
{
    /// <summary>Sent; waiting for the endorser.</summary>
    Requested,

    /// <summary>The endorser endorsed the candidate as ready.</summary>
    Endorsed,

    /// <summary>The endorser declined, with reasons.</summary>
    Declined,

    /// <summary>Replaced by a later request; its link no longer works.</summary>
    Withdrawn,
}

/// <summary>A request to the candidate's line manager or principal social worker to endorse their readiness.</summary>
public sealed class Endorsement : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The portfolio.</summary>
    public Guid EnrolmentId { get; set; }

    /// <summary>The endorser's name.</summary>
    public required string EndorserName { get; set; }

    /// <summary>The endorser's email.</summary>
    public required string EndorserEmail { get; set; }

    /// <summary>"Line manager" or "Principal social worker".</summary>
    public required string EndorserRole { get; set; }

    /// <summary>Where it is.</summary>
    public EndorsementStatus Status { get; set; }

    /// <summary>When it was requested.</summary>
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>When the link stops working.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>A random value in the signed link, so a link can be withdrawn.</summary>
    public required string Nonce { get; set; }

    /// <summary>The endorser's statement of readiness.</summary>
    public string? ReadinessStatement { get; set; }

    /// <summary>The endorser's reasons for declining (the candidate sees them).</summary>
    public string? DeclineReasons { get; set; }

    /// <summary>When the endorser answered.</summary>
    public DateTimeOffset? RespondedAt { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }
}
