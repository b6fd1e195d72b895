using Accreditation.Core.Data;

namespace Accreditation.Research.SavedSearches;

/// <summary>A search a signed-in person saved (text and filters), optionally with a weekly email of new matching items.</summary>
public sealed class SavedSearch : IVersioned
{
    /// <summary>Most searches one person can save.</summary>
    public const int MaxPerPerson = 50;

    /// <summary>Longest name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Longest query string.</summary>
    public const int MaxQueryLength = 2000;

    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The person's user id.</summary>
    public string UserId { get; set; } = "";

    /// <summary>The name the person gave it.</summary>
    public string Name { get; set; } = "";

    /// <summary>The search as the library page's query string ("q=neglect&amp;topic=Neglect"), without paging.</summary>
    public string Query { get; set; } = "";

    /// <summary>Whether the person gets a weekly email of new matching items.</summary>
    public bool WeeklyAlert { get; set; }

    /// <summary>When it was saved.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the weekly email was (last) turned on: the first alert covers items published after it.</summary>
    public DateTimeOffset? AlertsFrom { get; set; }

    /// <summary>When the last alert round looked at it (whether or not it found anything to send).</summary>
    public DateTimeOffset? LastAlertAt { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>An item a saved search's alert has sent, so it is never sent again for that search.</summary>
public sealed class SavedSearchAlertItem
{
    /// <summary>The saved search.</summary>
    public Guid SavedSearchId { get; set; }

    /// <summary>The library item sent.</summary>
    public Guid ItemId { get; set; }

    /// <summary>When it was sent.</summary>
    public DateTimeOffset SentAt { get; set; }
}
