using Accreditation.Research.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Accreditation.Research.SavedSearches;

/// <summary>How a saved search is kept: the library page's query string with only the search's own keys, in a fixed order.</summary>
public static class SavedSearchQuery
{
    /// <summary>The keys a saved search keeps (text, filters and sort; never the page).</summary>
    public static readonly IReadOnlyList<string> Keys = ["q", "type", "topic", "evidence", "access", "kss", "from", "to", "sort"];

    /// <summary>The normal form of a query string ("?q=a&amp;page=2" → "q=a"); empty values are left out.</summary>
    public static string Normalise(string? queryString)
    {
        var parsed = QueryHelpers.ParseQuery(queryString ?? "");
        var parts = new List<KeyValuePair<string, string?>>();
        foreach (var key in Keys)
        {
            if (parsed.TryGetValue(key, out var values))
            {
                parts.AddRange(values.Where(v => !string.IsNullOrWhiteSpace(v)).Take(50).Select(v => new KeyValuePair<string, string?>(key, v!.Trim())));
            }
        }

        return QueryHelpers.AddQueryString("", parts).TrimStart('?');
    }

    /// <summary>The search a saved query string describes.</summary>
    public static ResearchSearchRequest Request(string query) =>
        SearchRequestReader.From(new QueryCollection(QueryHelpers.ParseQuery(query)));

    /// <summary>A short description of a saved search for people ("neglect; Topic: Neglect").</summary>
    public static string Describe(string query)
    {
        var parsed = QueryHelpers.ParseQuery(query);
        var parts = new List<string>();
        if (parsed.TryGetValue("q", out var text) && !StringValues.IsNullOrEmpty(text))
        {
            parts.Add($"“{text}”");
        }

        foreach (var key in new[] { "type", "topic", "evidence", "access", "kss" })
        {
            if (parsed.TryGetValue(key, out var values) && values.Count > 0)
            {
                var labels = values.Select(v => key switch
                {
                    "type" => Library.ResearchLabels.TypeLabel(v!),
                    "access" => Library.ResearchLabels.AccessLabel(v!),
                    _ => v!,
                });
                parts.Add($"{Library.ResearchLabels.FacetLabel(key)}: {string.Join(" or ", labels)}");
            }
        }

        parsed.TryGetValue("from", out var from);
        parsed.TryGetValue("to", out var to);
        if (!StringValues.IsNullOrEmpty(from) || !StringValues.IsNullOrEmpty(to))
        {
            parts.Add($"Years: {(StringValues.IsNullOrEmpty(from) ? "any" : from.ToString())} to {(StringValues.IsNullOrEmpty(to) ? "any" : to.ToString())}");
        }

        return parts.Count == 0 ? "Everything in the library" : string.Join("; ", parts);
    }
}
