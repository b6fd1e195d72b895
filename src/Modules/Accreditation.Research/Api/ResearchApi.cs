using Accreditation.Core.Data;
using Accreditation.Research.Library;
using Accreditation.Research.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

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
        group.MapGet("/items/{id:guid}/similar", async (Guid id, HttpContext context, AccreditationDbContext db, IResearchSearch search, CancellationToken ct) =>
        {
            // An item the caller may not see (restricted, staff only, unpublished) answers exactly as a missing one.
            var item = await db.Set<ResearchItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
            return item is null || !ResearchSearch.MaySee(context.User, item)
                ? NoSuchItem()
                : Results.Ok(await search.MoreLikeThisAsync(id, context.User, 5, ct));
        });
        return endpoints;
    }

    // One fixed body for "missing" and "hidden", so the two cannot be told apart.
    private static IResult NoSuchItem() =>
        Results.Json(new Dictionary<string, object> { ["status"] = StatusCodes.Status404NotFound, ["title"] = "There is no such item." }, statusCode: StatusCodes.Status404NotFound);
}
