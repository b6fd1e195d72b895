namespace Accreditation.Portfolios.Contracts;

/// <summary>Where a submission is.</summary>
public enum SubmissionStatus
{
    /// <summary>Submitted; waiting for marking.</summary>
    Submitted,

    /// <summary>Withdrawn by the candidate before marking started.</summary>
    Withdrawn,

    /// <summary>Marking has started; it can no longer be withdrawn.</summary>
    MarkingStarted,

    /// <summary>Decided: not yet; the candidate may submit again as a new attempt.</summary>
    NotYet,

    /// <summary>Decided: accredited.</summary>
    Achieved,

    /// <summary>
    /// Decided: not yet accredited, but the portfolio met the standard; the award waits for another required component
    /// (the knowledge assessment), so the portfolio is not submitted again.
    /// </summary>
    PortfolioMet,
}
