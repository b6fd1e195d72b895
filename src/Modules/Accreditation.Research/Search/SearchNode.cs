
namespace Accreditation.Research.Search;

/// <summary>A parsed search: words, phrases and groups with their field and occurrence.</summary>
public abstract record SearchNode;
