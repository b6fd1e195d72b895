
namespace Accreditation.Research.Search;

/// <summary>A sequence of parts (AND/juxtaposition) or alternatives (OR).</summary>
public sealed record GroupNode(IReadOnlyList<(SearchNode Node, Occurrence Occurrence)> Parts, bool AnyOf) : SearchNode;
