namespace Accreditation.Cpd.Records;

/// <summary>A CPD record as a form posts it: every value as typed, checked by <see cref="CpdRecords"/>.</summary>
public sealed class CpdInput
{
    /// <summary>Type of activity (a <see cref="Data.CpdActivityType"/> name).</summary>
    public string? ActivityType { get; set; }

    /// <summary>Title.</summary>
    public string? Title { get; set; }

    /// <summary>Day of the activity.</summary>
    public string? DateDay { get; set; }

    /// <summary>Month of the activity.</summary>
    public string? DateMonth { get; set; }

    /// <summary>Year of the activity.</summary>
    public string? DateYear { get; set; }

    /// <summary>Time spent, in hours (e.g. "1.5").</summary>
    public string? Hours { get; set; }

    /// <summary>What it was and why it was relevant.</summary>
    public string? Description { get; set; }

    /// <summary>What was learned.</summary>
    public string? Learning { get; set; }

    /// <summary>Impact on practice and on the people worked with.</summary>
    public string? Impact { get; set; }

    /// <summary>A link (optional).</summary>
    public string? Link { get; set; }

    /// <summary>The peer's name (optional; needed for a peer reflection).</summary>
    public string? PeerName { get; set; }

    /// <summary>The peer's role.</summary>
    public string? PeerRole { get; set; }

    /// <summary>Day of the discussion.</summary>
    public string? PeerDateDay { get; set; }

    /// <summary>Month of the discussion.</summary>
    public string? PeerDateMonth { get; set; }

    /// <summary>Year of the discussion.</summary>
    public string? PeerDateYear { get; set; }

    /// <summary>What was learned from the discussion with the peer.</summary>
    public string? PeerLearning { get; set; }

    /// <summary>The KSS statements it relates to.</summary>
    public List<Guid> StatementIds { get; set; } = [];

    /// <summary>The person saw the duplicate warning and chose to save anyway.</summary>
    public bool ConfirmDuplicate { get; set; }

    /// <summary>Fills the form from a saved record.</summary>
    public static CpdInput From(Data.CpdRecord record)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return new CpdInput
        {
            ActivityType = record.ActivityType.ToString(),
            Title = record.Title,
            DateDay = record.Date.Day.ToString(culture),
            DateMonth = record.Date.Month.ToString(culture),
            DateYear = record.Date.Year.ToString(culture),
            Hours = record.Minutes == 0 ? "" : record.Hours.ToString("0.##", culture),
            Description = record.Description,
            Learning = record.Learning,
            Impact = record.Impact,
            Link = record.Link,
            PeerName = record.PeerName,
            PeerRole = record.PeerRole,
            PeerDateDay = record.PeerDate?.Day.ToString(culture),
            PeerDateMonth = record.PeerDate?.Month.ToString(culture),
            PeerDateYear = record.PeerDate?.Year.ToString(culture),
            PeerLearning = record.PeerLearning,
            StatementIds = record.Statements.Select(s => s.StatementId).ToList(),
        };
    }
}
