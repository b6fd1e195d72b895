
namespace Accreditation.Research.Search;

/// <summary>A page of results, the total, counts per filter value and a spelling suggestion when nothing was found.</summary>
public sealed record ResearchSearchResults(
    int Total,
    IReadOnlyList<ResearchHit> Hits,
    IReadOnlyList<Facet> Facets,
    string? DidYouMean,
    int Page,
    int PageSize)
{
    /// <summary>Of <see cref="Total"/>, the items found by meaning alone (they share no searched word with the text).</summary>
    public int ByMeaningOnly { get; init; }

    /// <summary>Number of pages.</summary>
    public int Pages => Total == 0 ? 0 : (int)Math.Ceiling(Math.Min(Total, ResearchSearcher.MaxResults) / (double)PageSize);

    /// <summary>The facet with the name, or an empty one.</summary>
    public Facet FacetOf(string name) => Facets.FirstOrDefault(f => f.Name == name) ?? new Facet(name, []);
}
