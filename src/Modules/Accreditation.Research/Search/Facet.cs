
namespace Accreditation.Research.Search;

/// <summary>A filter's values with counts ("type", "topic", "year", "evidence", "access", "kss").</summary>
public sealed record Facet(string Name, IReadOnlyList<FacetValue> Values);
