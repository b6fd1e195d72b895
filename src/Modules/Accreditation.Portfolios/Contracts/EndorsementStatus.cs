namespace Accreditation.Portfolios.Contracts;

/// <summary>Where an endorsement request is.</summary>
public enum EndorsementStatus
{
    /// <summary>Sent; waiting for the endorser.</summary>
    Requested,

    /// <summary>The endorser endorsed the candidate as ready.</summary>
    Endorsed,

    /// <summary>The endorser declined, with reasons.</summary>
    Declined,

    /// <summary>Replaced by a later request, or reassigned to another endorser by the organisation's admin.</summary>
    Withdrawn,
}
