using System.Linq.Expressions;
using Accreditation.Core.Data;

namespace Accreditation.Cpd.Data;

/// <summary>The kinds of CPD activity Social Work England's online account lists.</summary>
public enum CpdActivityType
{
    /// <summary>Reading (articles, research, books).</summary>
    Reading,

    /// <summary>A course, training or conference.</summary>
    Course,

    /// <summary>Supervision.</summary>
    Supervision,

    /// <summary>A discussion with peers.</summary>
    PeerDiscussion,

    /// <summary>Research.</summary>
    Research,

    /// <summary>Observing practice, or being observed.</summary>
    PracticeObservation,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>One piece of CPD a person recorded: what it was, what they learned, its impact, and optionally a peer reflection.</summary>
public sealed class CpdRecord : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The person's user id.</summary>
    public required string OwnerId { get; set; }

    /// <summary>A draft (made by "Record as CPD" and not yet completed) does not count towards the year.</summary>
    public bool IsDraft { get; set; }

    /// <summary>Type of activity.</summary>
    public CpdActivityType ActivityType { get; set; }

    /// <summary>Title.</summary>
    public string Title { get; set; } = "";

    /// <summary>The UK date of the activity; it decides the registration year.</summary>
    public DateOnly Date { get; set; }

    /// <summary>Time spent, in minutes.</summary>
    public int Minutes { get; set; }

    /// <summary>What it was and why it was relevant.</summary>
    public string Description { get; set; } = "";

    /// <summary>What was learned.</summary>
    public string Learning { get; set; } = "";

    /// <summary>The impact on practice and on the people worked with.</summary>
    public string Impact { get; set; } = "";

    /// <summary>A link to the source (a research item, a course page), or null.</summary>
    public string? Link { get; set; }

    /// <summary>Where a draft came from, e.g. "research".</summary>
    public string? SourceKind { get; set; }

    /// <summary>The source's id in the other module.</summary>
    public string? SourceId { get; set; }

    /// <summary>The peer's name, when the record has a peer reflection.</summary>
    public string? PeerName { get; set; }

    /// <summary>The peer's role.</summary>
    public string? PeerRole { get; set; }

    /// <summary>The date of the discussion with the peer.</summary>
    public DateOnly? PeerDate { get; set; }

    /// <summary>What was learned from the discussion with the peer.</summary>
    public string? PeerLearning { get; set; }

    /// <summary>When it was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was last saved (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }

    /// <summary>
    /// How many distinct shingles its text had when its sketch (<see cref="CpdSketchBand"/>) was made, so the duplicate
    /// check can skip records whose length rules out a Jaccard similarity of 0.5; null until it has a sketch (records
    /// made before sketches existed, until the background task fills them in).
    /// </summary>
    public int? SketchShingles { get; set; }

    /// <summary>The KSS statements it relates to.</summary>
    public List<CpdStatementLink> Statements { get; set; } = [];

    /// <summary>Files attached to it.</summary>
    public List<CpdAttachment> Attachments { get; set; } = [];

    /// <summary>
    /// The rule for a peer reflection (a peer named and what was learned from them), written once: the database counts
    /// with it and <see cref="HasPeerReflection"/> applies it in memory.
    /// </summary>
    public static readonly Expression<Func<CpdRecord, bool>> PeerReflection =
        r => !string.IsNullOrWhiteSpace(r.PeerName) && !string.IsNullOrWhiteSpace(r.PeerLearning);

    private static readonly Func<CpdRecord, bool> IsPeerReflection = PeerReflection.Compile();

    /// <summary>Whether it includes a peer reflection (see <see cref="PeerReflection"/>).</summary>
    public bool HasPeerReflection => IsPeerReflection(this);

    /// <summary>Hours, as people read them.</summary>
    public decimal Hours => Math.Round(Minutes / 60m, 2);
}

/// <summary>A KSS statement a CPD record relates to, with its label kept as it read when linked.</summary>
public sealed class CpdStatementLink
{
    /// <summary>The record.</summary>
    public Guid RecordId { get; set; }

    /// <summary>The statement (Frameworks' published statement id).</summary>
    public Guid StatementId { get; set; }

    /// <summary>e.g. "PL3: Design systems that support excellent practice".</summary>
    public string Label { get; set; } = "";
}

/// <summary>
/// One band of a CPD record's MinHash sketch: a hash of two of its text's minimum shingle hashes. Two records sharing a
/// band value are candidates for the duplicate check (see <c>Records/CpdSketch.cs</c>); it is derived from the text, so it
/// is deleted with the record.
/// </summary>
public sealed class CpdSketchBand
{
    /// <summary>The record.</summary>
    public Guid RecordId { get; set; }

    /// <summary>Which band (0 to <c>CpdSketch.Bands</c> - 1).</summary>
    public short Band { get; set; }

    /// <summary>The band's hash (the band number is part of it, so equal values mean the same band).</summary>
    public long Value { get; set; }
}

/// <summary>A file attached to a CPD record, checked like portfolio uploads and stored without its metadata.</summary>
public sealed class CpdAttachment
{
    /// <summary>Id (also the stored file's name).</summary>
    public Guid Id { get; set; }

    /// <summary>The record.</summary>
    public Guid RecordId { get; set; }

    /// <summary>The name it is shown and downloaded under.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The content type decided from the content.</summary>
    public string ContentType { get; set; } = "";

    /// <summary>Size in bytes of the stored copy.</summary>
    public long Length { get; set; }

    /// <summary>When it was stored (UTC).</summary>
    public DateTimeOffset StoredAt { get; set; }
}

/// <summary>A person's CPD settings (only whether they want reminders, for now).</summary>
public sealed class CpdPreference
{
    /// <summary>The person's user id.</summary>
    public required string PersonId { get; set; }

    /// <summary>Whether they asked for no reminder emails.</summary>
    public bool RemindersOff { get; set; }
}

/// <summary>A reminder email already sent, so none is sent twice.</summary>
public sealed class CpdReminderSent
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The person's user id.</summary>
    public required string PersonId { get; set; }

    /// <summary>Which reminder, e.g. "window-opens" or "last-month".</summary>
    public required string Kind { get; set; }

    /// <summary>The registration year it was about, e.g. "2025-26".</summary>
    public required string Year { get; set; }

    /// <summary>When it was queued (UTC).</summary>
    public DateTimeOffset SentAt { get; set; }
}
