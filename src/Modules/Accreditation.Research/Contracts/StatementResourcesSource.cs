using System.Security.Claims;
using Accreditation.Core.Contracts;
using Accreditation.Core.Modules;
using Accreditation.Research.Library;
using Accreditation.Research.Search;
using Microsoft.AspNetCore.WebUtilities;

namespace Accreditation.Research.Contracts;

/// <summary>
/// The library's answer to <see cref="IStatementResources"/>: items tagged with a KSS statement and items like a text,
/// searched as the viewer may see the library; nothing while the Research module is switched off.
/// </summary>
public sealed class StatementResourcesSource(IResearchSearch search, ModuleState modules) : IStatementResources
{
    /// <inheritdoc />
    public async Task<StatementResources> ForStatementAsync(string frameworkKey, int statementNumber, ClaimsPrincipal viewer, int count = 5, CancellationToken ct = default)
    {
        var codes = KssCodes.Variants(frameworkKey, statementNumber);
        var path = QueryHelpers.AddQueryString("/research", "kss", codes[0]);
        if (!modules.IsEnabled(Manifest.Id))
        {
            return new StatementResources(0, [], path);
        }

        var found = await search.SearchAsync(new ResearchSearchRequest
        {
            KssStatements = codes,
            Sort = ResearchSort.Newest,
            PageSize = Math.Clamp(count, 1, 20),
        }, viewer, ct);
        return new StatementResources(found.Total, found.Hits.Select(Resource).ToList(), path);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StatementResource>> LikeTextAsync(string text, ClaimsPrincipal viewer, int count = 5, CancellationToken ct = default)
    {
        if (!modules.IsEnabled(Manifest.Id) || string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return (await search.MoreLikeThisTextAsync(text, viewer, Math.Clamp(count, 1, 20), ct)).Select(Resource).ToList();
    }

    private static StatementResource Resource(ResearchHit hit) =>
        new(hit.Title, $"/research/items/{hit.Id}", hit.Year, ResearchLabels.TypeLabel(hit.Type));
}
