
namespace Accreditation.Research.Search;

/// <summary>A filter value and how many matching items have it.</summary>
public sealed record FacetValue(string Value, int Count, bool Selected);
