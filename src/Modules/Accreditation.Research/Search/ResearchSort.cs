
namespace Accreditation.Research.Search;

/// <summary>How results are ordered.</summary>
public enum ResearchSort
{
    /// <summary>Best match first.</summary>
    Relevance,

    /// <summary>Most recent publication first.</summary>
    Newest,
}
