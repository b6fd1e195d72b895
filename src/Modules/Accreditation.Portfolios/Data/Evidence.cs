using Accreditation.Core.Data;
using Accreditation.Frameworks.Contracts;
using Accreditation.Portfolios.Contracts;

namespace Accreditation.Portfolios.Data;

/// <summary>One piece of evidence in a portfolio, mapped to one or more statements.</summary>
public sealed class EvidenceItem : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The portfolio (enrolment).</summary>
    public Guid EnrolmentId { get; set; }

    /// <summary>What kind of evidence.</summary>
    public EvidenceKind Kind { get; set; }

    /// <summary>A short title the candidate gives it.</summary>
    public string Title { get; set; } = "";

    /// <summary>The text: the reflective account or the record of observation (Markdown); a description for a document.</summary>
    public string Body { get; set; } = "";

    /// <summary>For an observation or feedback: the colleague's name.</summary>
    public string? ObserverName { get; set; }

    /// <summary>For an observation or feedback: the colleague's role.</summary>
    public string? ObserverRole { get; set; }

    /// <summary>For a document: the stored file.</summary>
    public Guid? FileId { get; set; }

    /// <summary>The stored file.</summary>
    public PortfolioFile? File { get; set; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was last saved.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The statements it evidences.</summary>
    public List<EvidenceMapping> Mappings { get; set; } = [];

    /// <summary>Earlier versions of its text, oldest first.</summary>
    public List<EvidenceRevision> Revisions { get; set; } = [];

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>An item mapped to one statement, with the candidate's short rationale.</summary>
public sealed class EvidenceMapping
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The item.</summary>
    public Guid ItemId { get; set; }

    /// <summary>The statement (a published KSS statement id from IFrameworkCatalog).</summary>
    public Guid StatementId { get; set; }

    /// <summary>Why this item evidences the statement.</summary>
    public string Rationale { get; set; } = "";
}

/// <summary>A saved version of an item's text, so the candidate can see how it changed.</summary>
public sealed class EvidenceRevision
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The item.</summary>
    public Guid ItemId { get; set; }

    /// <summary>1 upwards within the item.</summary>
    public int Number { get; set; }

    /// <summary>Title at the time.</summary>
    public string Title { get; set; } = "";

    /// <summary>Text at the time.</summary>
    public string Body { get; set; } = "";

    /// <summary>When it was saved.</summary>
    public DateTimeOffset SavedAt { get; set; }

    /// <summary>Saved automatically (replaced by the next autosave within a few minutes) rather than with the Save button.</summary>
    public bool Autosaved { get; set; }
}

/// <summary>An uploaded file, checked and stripped of metadata, stored by id outside the web root; never changed once stored.</summary>
public sealed class PortfolioFile
{
    /// <summary>Id; also the stored file's name.</summary>
    public Guid Id { get; set; }

    /// <summary>The portfolio it was uploaded to.</summary>
    public Guid EnrolmentId { get; set; }

    /// <summary>The name the candidate's file had (checked; shown and used for downloads only, never for storage).</summary>
    public required string FileName { get; set; }

    /// <summary>The content type decided from the content.</summary>
    public required string ContentType { get; set; }

    /// <summary>Size of the stored copy in bytes.</summary>
    public long Length { get; set; }

    /// <summary>SHA-256 of the stored copy (lowercase hex).</summary>
    public required string Sha256 { get; set; }

    /// <summary>Text extracted for the privacy check (PDF and Word).</summary>
    public string ExtractedText { get; set; } = "";

    /// <summary>When it was stored.</summary>
    public DateTimeOffset StoredAt { get; set; }

    /// <summary>
    /// When the stored copy was removed under the retention schedule (its name and extracted text with it); the record
    /// stays so the submitted snapshot still says what was there.
    /// </summary>
    public DateTimeOffset? RemovedAt { get; set; }
}
