namespace Accreditation.Publishing.Data;

/// <summary>
/// A link an editor placed in the service navigation or the footer: its label, a page (followed when its slug changes)
/// or an address, its place in the menu and who sees it.
/// </summary>
public sealed class MenuItem
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>Which menu: "main" (service navigation) or "footer".</summary>
    public required string Menu { get; set; }

    /// <summary>Place in the menu, from 1.</summary>
    public int Position { get; set; }

    /// <summary>The words shown.</summary>
    public required string Label { get; set; }

    /// <summary>The page it leads to (shown only while the page is published), or null for an address.</summary>
    public Guid? PageId { get; set; }

    /// <summary>The address it leads to when it is not a page: a path on this site or a web address.</summary>
    public string? Url { get; set; }

    /// <summary>Who sees it: everyone, anyone signed in, or people holding one of <see cref="Roles"/>.</summary>
    public AudienceKind Audience { get; set; }

    /// <summary>Role names for a role audience, comma-separated.</summary>
    public string Roles { get; set; } = "";

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Marks a menu as set up (by the recipe or an editor), so an emptied menu stays empty instead of showing the defaults.</summary>
public sealed class MenuSetUp
{
    /// <summary>The menu's name.</summary>
    public required string Menu { get; set; }

    /// <summary>When it was first set up.</summary>
    public DateTimeOffset At { get; set; }
}
