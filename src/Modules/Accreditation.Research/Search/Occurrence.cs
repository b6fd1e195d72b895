
namespace Accreditation.Research.Search;

/// <summary>How a part of a search must occur: as the default rule says, required (+, AND) or excluded (-, NOT).</summary>
public enum Occurrence
{
    /// <summary>Plain words: most of them must match (see <see cref="SearchTuning.MinimumShouldMatch"/>).</summary>
    Default,

    /// <summary>Must match.</summary>
    Required,

    /// <summary>Must not match.</summary>
    Excluded,
}
