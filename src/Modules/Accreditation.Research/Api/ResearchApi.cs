using Accreditation.Research.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Accreditation.Research.Api;

/// <summary>The research library's JSON API: search and "more like this", with the caller's access applied.</summary>
public static class ResearchApi
{
    /// <summary>Maps /api/research/search and /api/research/items/{id}/similar.</summary>
    public static IEndpointRouteBuilder MapResearchApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/research").AllowAnonymous();
        group.MapGet("/search", async (HttpContext context, IResearchSearch search, CancellationToken ct) =>
            Results.Ok(await search.SearchAsync(SearchRequestReader.From(context.Request.Query), context.User, ct)));
        group.MapGet("/items/{id:guid}/similar", async (Guid id, HttpContext context, IResearchSearch search, CancellationToken ct) =>
            Results.Ok(await search.MoreLikeThisAsync(id, context.User, 5, ct)));
        return endpoints;
    }
}
