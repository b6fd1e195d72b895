using System.Security.Claims;

namespace Accreditation.Research.Search;

/// <summary>
/// The research library's search, for this module's pages and API and for other modules (saved searches and alerts,
/// "record as CPD", the KSS statement page): free text, filters with counts, highlighted passages, "more like this".
/// What a person may see is applied inside every query.
/// </summary>
public interface IResearchSearch
{
    /// <summary>Searches as the person may see the library.</summary>
    Task<ResearchSearchResults> SearchAsync(ResearchSearchRequest request, ClaimsPrincipal user, CancellationToken ct = default);

    /// <summary>Items like the given one (empty when it is not visible to the person or not indexed).</summary>
    Task<IReadOnlyList<ResearchHit>> MoreLikeThisAsync(Guid itemId, ClaimsPrincipal user, int count = 5, CancellationToken ct = default);

    /// <summary>Items like a piece of text (a CPD reflection, a practice update).</summary>
    Task<IReadOnlyList<ResearchHit>> MoreLikeThisTextAsync(string text, ClaimsPrincipal user, int count = 5, CancellationToken ct = default);
}

/// <summary>How results are ordered.</summary>
public enum ResearchSort
{
    /// <summary>Best match first.</summary>
    Relevance,

    /// <summary>Most recent publication first.</summary>
    Newest,
}

/// <summary>Which items a person may see.</summary>
public enum ResearchAudience
{
    /// <summary>A visitor who is not signed in: public items.</summary>
    Public,

    /// <summary>Anyone signed in: public and staff items.</summary>
    Staff,

    /// <summary>People holding the restricted-view permission: every item.</summary>
    Restricted,
}

/// <summary>A search: text and filters (values within one filter are alternatives; filters combine).</summary>
public sealed record ResearchSearchRequest
{
    /// <summary>What the person typed.</summary>
    public string? Text { get; init; }

    /// <summary>Item types (enum names, e.g. "PracticeGuide").</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Topic names.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Evidence level names.</summary>
    public IReadOnlyList<string> EvidenceLevels { get; init; } = [];

    /// <summary>Access values ("Public", "Staff", "Restricted").</summary>
    public IReadOnlyList<string> Access { get; init; } = [];

    /// <summary>KSS statement references.</summary>
    public IReadOnlyList<string> KssStatements { get; init; } = [];

    /// <summary>Earliest year.</summary>
    public int? YearFrom { get; init; }

    /// <summary>Latest year.</summary>
    public int? YearTo { get; init; }

    /// <summary>Order.</summary>
    public ResearchSort Sort { get; init; } = ResearchSort.Relevance;

    /// <summary>Page number from 1.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Results per page.</summary>
    public int PageSize { get; init; } = 20;

    /// <summary>When set, only these items can match (a saved search's alert looks among the newly published items).</summary>
    public IReadOnlyCollection<Guid>? OnlyItems { get; init; }
}

/// <summary>One result. TitleHtml and PassageHtml are HTML-encoded with matches in &lt;mark&gt;, safe to render as is.</summary>
public sealed record ResearchHit(
    Guid Id,
    string Title,
    string TitleHtml,
    string Authors,
    int? Year,
    string Source,
    string Type,
    string Access,
    string? Evidence,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> KssStatements,
    string PassageHtml,
    string Link,
    string Doi,
    float Score);

/// <summary>A filter value and how many matching items have it.</summary>
public sealed record FacetValue(string Value, int Count, bool Selected);

/// <summary>A filter's values with counts ("type", "topic", "year", "evidence", "access", "kss").</summary>
public sealed record Facet(string Name, IReadOnlyList<FacetValue> Values);

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
