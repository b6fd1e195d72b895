using Accreditation.Research.Library;
using Accreditation.Research.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Accreditation.Research.Pages.Research;

/// <summary>The library search page: free text, filters with counts, sort, pages; visitors see public items only.</summary>
[AllowAnonymous]
public sealed class IndexModel(IResearchSearch search) : PageModel
{
    /// <summary>The search as read from the address.</summary>
    public ResearchSearchRequest Search { get; private set; } = new();

    /// <summary>The results.</summary>
    public ResearchSearchResults Results { get; private set; } = new(0, [], [], null, 1, 20);

    /// <summary>The year boxes as typed (to show them back).</summary>
    public string? From { get; private set; }

    /// <summary>The year boxes as typed (to show them back).</summary>
    public string? To { get; private set; }

    /// <summary>Whether the person can filter by access (only people who see more than public items).</summary>
    public bool ShowAccess => ResearchSearch.AudienceOf(User) != ResearchAudience.Public;

    /// <summary>Searches.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        Search = SearchRequestReader.From(Request.Query);
        From = Request.Query["from"];
        To = Request.Query["to"];
        if (!string.IsNullOrWhiteSpace(From) && SearchRequestReader.Year(From) is null)
        {
            ModelState.AddModelError("from", "Enter the earliest year as 4 digits, like 2015");
        }

        if (!string.IsNullOrWhiteSpace(To) && SearchRequestReader.Year(To) is null)
        {
            ModelState.AddModelError("to", "Enter the latest year as 4 digits, like 2024");
        }

        if (Search.YearFrom > Search.YearTo)
        {
            ModelState.AddModelError("to", "The latest year must be the same as or after the earliest year");
            Search = Search with { YearTo = null };
        }

        Results = await search.SearchAsync(Search, User, ct);
    }

    /// <summary>This search's address with one parameter changed (null removes it).</summary>
    public string With(string key, string? value)
    {
        var query = Request.Query.Where(q => q.Key != key && q.Key != "page").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))).ToList();
        if (value is not null)
        {
            query.Add(new(key, value));
        }

        return QueryHelpers.AddQueryString("/research", query);
    }

    /// <summary>The label of a facet value.</summary>
    public static string Label(string facet, string value) => facet switch
    {
        "type" => ResearchLabels.TypeLabel(value),
        "access" => ResearchLabels.AccessLabel(value),
        _ => value,
    };
}
