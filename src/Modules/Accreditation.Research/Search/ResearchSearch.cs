using System.Security.Claims;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Research.Indexing;
using Accreditation.Research.Library;
using Accreditation.Research.Semantic;

namespace Accreditation.Research.Search;

/// <summary>The library search for people: works out what the person may see and searches this node's index.</summary>
public sealed class ResearchSearch(ResearchIndex index, GlossarySource glossary, SemanticModel model) : IResearchSearch
{
    /// <summary>What the person may see: visitors public items, signed-in people staff items too, holders of the permission everything.</summary>
    public static ResearchAudience AudienceOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated != true ? ResearchAudience.Public
        : user.HasPermission(Permissions.ViewRestricted) ? ResearchAudience.Restricted
        : ResearchAudience.Staff;

    /// <summary>Whether the person may see an item with the given access.</summary>
    public static bool MaySee(ClaimsPrincipal user, ResearchAccess access) => access switch
    {
        ResearchAccess.Public => true,
        ResearchAccess.Staff => AudienceOf(user) != ResearchAudience.Public,
        _ => AudienceOf(user) == ResearchAudience.Restricted,
    };

    /// <summary>
    /// Whether the person may see the item at all: published (or they edit the library) and of an access they may see.
    /// Anything else answers exactly as a missing item does, so its existence is not given away.
    /// </summary>
    public static bool MaySee(ClaimsPrincipal user, ResearchItem item) =>
        (item.IsPublished || user.HasPermission(Permissions.EditLibrary)) && MaySee(user, item.Access);

    /// <inheritdoc />
    public Task<ResearchSearchResults> SearchAsync(ResearchSearchRequest request, ClaimsPrincipal user, CancellationToken ct = default) =>
        Task.FromResult(Searcher().Search(request, AudienceOf(user)));

    /// <inheritdoc />
    public Task<IReadOnlyList<ResearchHit>> MoreLikeThisAsync(Guid itemId, ClaimsPrincipal user, int count = 5, CancellationToken ct = default) =>
        Task.FromResult(Searcher().MoreLikeThis(itemId, AudienceOf(user), count));

    /// <inheritdoc />
    public Task<IReadOnlyList<ResearchHit>> MoreLikeThisTextAsync(string text, ClaimsPrincipal user, int count = 5, CancellationToken ct = default) =>
        Task.FromResult(Searcher().MoreLikeThisText(text, AudienceOf(user), count));

    private ResearchSearcher Searcher()
    {
        // The vectors are read (from their file) only when there is a model to compare them with.
        var embedder = model.Embedder;
        return new(index, glossary.Current, SearchTuning.Default)
        {
            Embedder = embedder,
            Vectors = embedder is null ? null : index.Vectors,
        };
    }
}
