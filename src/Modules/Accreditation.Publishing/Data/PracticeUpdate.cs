using Accreditation.Core.Data;

namespace Accreditation.Publishing.Data;

/// <summary>Whether an item is a dated practice update or a standing page (about, privacy notice).</summary>
public enum PublicationKind
{
    /// <summary>A practice update, listed at /updates and in the feed.</summary>
    Update,

    /// <summary>A standing page served at /pages/{slug}.</summary>
    Page,
}

/// <summary>Where an item is in its workflow.</summary>
public enum PublicationStatus
{
    /// <summary>Being written.</summary>
    Draft,

    /// <summary>Waiting for a second Publisher's approval.</summary>
    InReview,

    /// <summary>Approved, to be published at <see cref="PracticeUpdate.ScheduledFor"/>.</summary>
    Scheduled,

    /// <summary>Visible to its audience.</summary>
    Published,

    /// <summary>Withdrawn from view; kept with its history.</summary>
    Archived,
}

/// <summary>Who may read an item.</summary>
public enum AudienceKind
{
    /// <summary>Everyone, signed in or not; only these are in the Atom feed.</summary>
    Public,

    /// <summary>Anyone signed in.</summary>
    SignedIn,

    /// <summary>People holding one of the listed roles.</summary>
    Roles,

    /// <summary>People of one of the listed organisations.</summary>
    Organisations,
}

/// <summary>A practice update or page: its current text, audience and place in the workflow.</summary>
public sealed class PracticeUpdate : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>Update or page.</summary>
    public PublicationKind Kind { get; set; }

    /// <summary>The address segment, unique per kind.</summary>
    public required string Slug { get; set; }

    /// <summary>Title.</summary>
    public required string Title { get; set; }

    /// <summary>One or two sentences shown in lists, emails and the feed.</summary>
    public string Summary { get; set; } = "";

    /// <summary>The body in Markdown, as the author wrote it.</summary>
    public string Body { get; set; } = "";

    /// <summary>Topics, comma-separated, lower case.</summary>
    public string Topics { get; set; } = "";

    /// <summary>KSS statement numbers the update relates to, comma-separated.</summary>
    public string KssStatements { get; set; } = "";

    /// <summary>Who may read it.</summary>
    public AudienceKind Audience { get; set; }

    /// <summary>Role names for <see cref="AudienceKind.Roles"/>, comma-separated.</summary>
    public string AudienceRoles { get; set; } = "";

    /// <summary>Organisation ids for <see cref="AudienceKind.Organisations"/>, comma-separated.</summary>
    public string AudienceOrganisations { get; set; } = "";

    /// <summary>Important updates are emailed to their whole audience when published.</summary>
    public bool Important { get; set; }

    /// <summary>Workflow status.</summary>
    public PublicationStatus Status { get; set; }

    /// <summary>When a scheduled item is to be published.</summary>
    public DateTimeOffset? ScheduledFor { get; set; }

    /// <summary>When it was first published.</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>When a published item is to be taken down (archived) by the scheduler; null to keep it up.</summary>
    public DateTimeOffset? UnpublishAt { get; set; }

    /// <summary>The page this page sits under (pages only), for breadcrumbs and contents of a section.</summary>
    public Guid? ParentId { get; set; }

    /// <summary>When its text last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>User id of the person who last edited the text.</summary>
    public string? LastEditedBy { get; set; }

    /// <summary>User id of the person who submitted it for review.</summary>
    public string? SubmittedBy { get; set; }

    /// <summary>Number of the latest saved version.</summary>
    public int CurrentVersion { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }

    /// <summary>The topics as a list.</summary>
    public IReadOnlyList<string> TopicList => Split(Topics);

    /// <summary>Splits a comma-separated column.</summary>
    public static IReadOnlyList<string> Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A saved version of an item's text, kept so earlier wording can be read.</summary>
public sealed class PracticeUpdateVersion
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The item.</summary>
    public Guid PracticeUpdateId { get; set; }

    /// <summary>1, 2, 3…</summary>
    public int Number { get; set; }

    /// <summary>Title then.</summary>
    public required string Title { get; set; }

    /// <summary>Summary then.</summary>
    public string Summary { get; set; } = "";

    /// <summary>Markdown body then.</summary>
    public string Body { get; set; } = "";

    /// <summary>When it was saved.</summary>
    public DateTimeOffset SavedAt { get; set; }

    /// <summary>Who saved it (display name).</summary>
    public string SavedBy { get; set; } = "";
}

/// <summary>One step of an item's workflow history: who moved it from what to what, and when.</summary>
public sealed class PracticeUpdateEvent
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The item.</summary>
    public Guid PracticeUpdateId { get; set; }

    /// <summary>Status before (null when created).</summary>
    public PublicationStatus? From { get; set; }

    /// <summary>Status after.</summary>
    public PublicationStatus To { get; set; }

    /// <summary>User id, null for the scheduler.</summary>
    public string? UserId { get; set; }

    /// <summary>Display name of who did it.</summary>
    public string By { get; set; } = "";

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Short note, e.g. the scheduled time.</summary>
    public string? Note { get; set; }
}

/// <summary>An address a page had before its slug changed, kept so old links lead to the page (a permanent redirect).</summary>
public sealed class PageRedirect
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The slug old links use.</summary>
    public required string OldSlug { get; set; }

    /// <summary>The page it now leads to.</summary>
    public Guid PracticeUpdateId { get; set; }

    /// <summary>When the slug changed.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
