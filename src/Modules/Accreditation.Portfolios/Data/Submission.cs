using Accreditation.Core.Data;
using Accreditation.Portfolios.Contracts;

namespace Accreditation.Portfolios.Data;

/// <summary>Submission statuses in the words every viewer reads (candidates, organisation admins).</summary>
public static class SubmissionStatusWords
{
    /// <summary>The status as people read it.</summary>
    public static string For(SubmissionStatus? status) => status switch
    {
        null => "Not submitted",
        SubmissionStatus.Submitted => "Submitted",
        SubmissionStatus.Withdrawn => "Withdrawn",
        SubmissionStatus.MarkingStarted => "Being marked",
        SubmissionStatus.NotYet => Core.Contracts.OutcomeWords.NotYetAccredited,
        SubmissionStatus.PortfolioMet => Core.Contracts.OutcomeWords.NotYetAccredited + " (portfolio met the standard)",
        _ => Core.Contracts.OutcomeWords.Accredited,
    };
}

/// <summary>A submitted portfolio: an immutable snapshot (JSON and its SHA-256) that everything later marks.</summary>
public sealed class Submission : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The portfolio.</summary>
    public Guid EnrolmentId { get; set; }

    /// <summary>1 for the first attempt; a withdrawn submission does not use up an attempt.</summary>
    public int Attempt { get; set; }

    /// <summary>When it was submitted.</summary>
    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>The snapshot: every item, mapping and file hash, as JSON. Never changed.</summary>
    public required string SnapshotJson { get; set; }

    /// <summary>SHA-256 of <see cref="SnapshotJson"/>'s UTF-8 bytes (lowercase hex). Never changed.</summary>
    public required string ContentHash { get; set; }

    /// <summary>How many possible identifiers the candidate confirmed were not identifying when submitting.</summary>
    public int PrivacyFindingsConfirmed { get; set; }

    /// <summary>Where it is.</summary>
    public SubmissionStatus Status { get; set; }

    /// <summary>When its status last changed.</summary>
    public DateTimeOffset StatusChangedAt { get; set; }

    /// <summary>The files the snapshot refers to (kept while any snapshot needs them).</summary>
    public List<SubmissionFile> Files { get; set; } = [];

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>A stored file a submission's snapshot refers to.</summary>
public sealed class SubmissionFile
{
    /// <summary>The submission.</summary>
    public Guid SubmissionId { get; set; }

    /// <summary>The file.</summary>
    public Guid FileId { get; set; }
}
