using Accreditation.Core.Data;

namespace Accreditation.Research.Library;

/// <summary>What kind of publication a library item is.</summary>
public enum ResearchItemType
{
    /// <summary>A review of research (systematic, rapid or narrative).</summary>
    ResearchReview,

    /// <summary>Guidance for practice.</summary>
    PracticeGuide,

    /// <summary>An evaluation of a programme or service.</summary>
    Evaluation,

    /// <summary>A peer-reviewed journal article.</summary>
    JournalArticle,

    /// <summary>A short briefing or summary.</summary>
    Briefing,

    /// <summary>A podcast or video.</summary>
    PodcastOrVideo,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>Who may find and read a library item.</summary>
public enum ResearchAccess
{
    /// <summary>Anyone, signed in or not.</summary>
    Public,

    /// <summary>Anyone signed in.</summary>
    Staff,

    /// <summary>Only people holding the restricted-view permission (research editors, admins).</summary>
    Restricted,
}

/// <summary>One item of the practice-research library: a review, guide, evaluation, article, briefing or recording.</summary>
public sealed class ResearchItem : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>Title.</summary>
    public string Title { get; set; } = "";

    /// <summary>Authors as written, separated by semicolons ("Munro, E.; Brandon, M.").</summary>
    public string Authors { get; set; } = "";

    /// <summary>Year of publication.</summary>
    public int? Year { get; set; }

    /// <summary>Publisher, journal or other source.</summary>
    public string Source { get; set; } = "";

    /// <summary>Kind of publication.</summary>
    public ResearchItemType Type { get; set; }

    /// <summary>Abstract or summary (plain text).</summary>
    public string Abstract { get; set; } = "";

    /// <summary>Full text in Markdown, when the library holds it.</summary>
    public string FullText { get; set; } = "";

    /// <summary>Topics from the editable taxonomy.</summary>
    public List<ResearchTopic> Topics { get; set; } = [];

    /// <summary>Knowledge and Skills Statement references as plain values (e.g. "PL-3"); the Frameworks module owns the statements.</summary>
    public List<string> KssStatements { get; set; } = [];

    /// <summary>Strength of the evidence, from the editable levels.</summary>
    public Guid? EvidenceLevelId { get; set; }

    /// <summary>The evidence level.</summary>
    public EvidenceLevel? EvidenceLevel { get; set; }

    /// <summary>Who may find and read the item.</summary>
    public ResearchAccess Access { get; set; } = ResearchAccess.Staff;

    /// <summary>Link to the publication.</summary>
    public string Link { get; set; } = "";

    /// <summary>Digital object identifier, without the https://doi.org/ prefix.</summary>
    public string Doi { get; set; } = "";

    /// <summary>Normalised title and year ("family group conferences|2019"), how an import recognises an item without a DOI.</summary>
    public string MatchKey { get; set; } = "";

    /// <summary>Whether the item is published (only published items are searchable).</summary>
    public bool IsPublished { get; set; }

    /// <summary>When it was first published.</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>A topic of the library's editable taxonomy (e.g. "Neglect", "Domestic abuse").</summary>
public sealed class ResearchTopic
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>Name shown to people and used as the search filter value.</summary>
    public string Name { get; set; } = "";

    /// <summary>Items with this topic.</summary>
    public List<ResearchItem> Items { get; set; } = [];
}

/// <summary>An editable level of evidence strength (e.g. "Strong: systematic review").</summary>
public sealed class EvidenceLevel
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>Name.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the level means.</summary>
    public string Description { get; set; } = "";

    /// <summary>Order, strongest first.</summary>
    public int Rank { get; set; }
}

/// <summary>
/// One line of the search glossary: terms that mean the same in children's social care ("FGC", "family group
/// conference"). Searching for any of them finds the others.
/// </summary>
public sealed class GlossaryEntry
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The equivalent terms, separated by commas.</summary>
    public string Terms { get; set; } = "";
}

/// <summary>
/// The change feed of the index: a row written in the same transaction as every change to a library item. Each web
/// node applies the rows after the last one it applied, so every node's index follows the database.
/// </summary>
public sealed class IndexTask
{
    /// <summary>Increasing id.</summary>
    public long Id { get; set; }

    /// <summary>The item that changed (its current state is read when the task is applied).</summary>
    public Guid ItemId { get; set; }

    /// <summary>When the change was made.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
