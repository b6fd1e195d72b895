namespace Accreditation.Research.Library;

/// <summary>How types, access and facet names read to people.</summary>
public static class ResearchLabels
{
    /// <summary>Type names as people read them.</summary>
    public static readonly IReadOnlyDictionary<ResearchItemType, string> Types = new Dictionary<ResearchItemType, string>
    {
        [ResearchItemType.ResearchReview] = "Research review",
        [ResearchItemType.PracticeGuide] = "Practice guide",
        [ResearchItemType.Evaluation] = "Evaluation",
        [ResearchItemType.JournalArticle] = "Journal article",
        [ResearchItemType.Briefing] = "Briefing",
        [ResearchItemType.PodcastOrVideo] = "Podcast or video",
        [ResearchItemType.Other] = "Other",
    };

    /// <summary>Access as people read it.</summary>
    public static readonly IReadOnlyDictionary<ResearchAccess, string> Access = new Dictionary<ResearchAccess, string>
    {
        [ResearchAccess.Public] = "Public",
        [ResearchAccess.Staff] = "Signed-in staff",
        [ResearchAccess.Restricted] = "Restricted",
    };

    /// <summary>The label of a type stored by name ("PracticeGuide" → "Practice guide").</summary>
    public static string TypeLabel(string name) =>
        Enum.TryParse<ResearchItemType>(name, out var type) && Types.TryGetValue(type, out var label) ? label : name;

    /// <summary>The label of an access value stored by name.</summary>
    public static string AccessLabel(string name) =>
        Enum.TryParse<ResearchAccess>(name, out var access) && Access.TryGetValue(access, out var label) ? label : name;

    /// <summary>Reads a type from its name or label ("Practice guide", "PracticeGuide", "practice-guide").</summary>
    public static ResearchItemType? ParseType(string text)
    {
        var squashed = new string(text.Where(char.IsLetter).ToArray());
        foreach (var (type, label) in Types)
        {
            if (string.Equals(type.ToString(), squashed, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(label, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>Filter names as people read them.</summary>
    public static string FacetLabel(string facet) => facet switch
    {
        "type" => "Type",
        "topic" => "Topic",
        "year" => "Year",
        "evidence" => "Evidence strength",
        "access" => "Access",
        "kss" => "Knowledge and skills statement",
        _ => facet,
    };
}
