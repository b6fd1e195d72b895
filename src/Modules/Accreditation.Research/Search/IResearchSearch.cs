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
