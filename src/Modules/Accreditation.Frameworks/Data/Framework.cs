using Accreditation.Core.Data;

namespace Accreditation.Frameworks.Data;

/// <summary>A competency framework, e.g. the Knowledge and Skills Statement for practice leaders; its content lives in versions.</summary>
public sealed class Framework : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The stable key used in addresses and by other modules, e.g. "practice-leader".</summary>
    public required string Key { get; set; }

    /// <summary>The framework's name as people read it.</summary>
    public required string Name { get; set; }

    /// <summary>Who the framework is for and what it covers.</summary>
    public string Description { get; set; } = "";

    /// <summary>Every version, drafts included.</summary>
    public List<FrameworkVersion> Versions { get; set; } = [];

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>Where a framework version is in its life: edited as a draft, then published and never changed again.</summary>
public enum FrameworkVersionStatus
{
    /// <summary>Being edited; not visible to the public or to other modules.</summary>
    Draft,

    /// <summary>Published: readable by everyone and immutable.</summary>
    Published,
}

/// <summary>
/// One numbered version of a framework. Once published its statements never change, so whatever was marked against
/// it keeps its meaning; changes go into a new version.
/// </summary>
public sealed class FrameworkVersion : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The framework this version belongs to.</summary>
    public Guid FrameworkId { get; set; }

    /// <summary>The framework.</summary>
    public Framework? Framework { get; set; }

    /// <summary>The version number, 1 upwards, unique within the framework.</summary>
    public int Number { get; set; }

    /// <summary>Draft or published.</summary>
    public FrameworkVersionStatus Status { get; set; }

    /// <summary>The date the version was published; null for a draft.</summary>
    public DateOnly? PublishedOn { get; set; }

    /// <summary>When the version was created (drafted or imported).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the version or one of its statements last changed; touched on every edit so concurrent edits of a draft conflict.</summary>
    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>The statements, by number.</summary>
    public List<KssStatement> Statements { get; set; } = [];

    /// <summary>Whether the version is published (and so immutable).</summary>
    public bool IsPublished => Status == FrameworkVersionStatus.Published;

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>One Knowledge and Skills Statement within a framework version: its number, title and a short description.</summary>
public sealed class KssStatement : IVersioned
{
    /// <summary>Id; other modules record marks and evidence against this id.</summary>
    public Guid Id { get; set; }

    /// <summary>The version this statement belongs to.</summary>
    public Guid FrameworkVersionId { get; set; }

    /// <summary>The statement number within the version, 1 upwards.</summary>
    public int Number { get; set; }

    /// <summary>The statement's title, e.g. "Develop excellent practitioners".</summary>
    public required string Title { get; set; }

    /// <summary>A short description in plain words.</summary>
    public string Description { get; set; } = "";

    /// <inheritdoc />
    public uint Version { get; set; }
}
