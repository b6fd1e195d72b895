using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Accreditation.Research.Search;

/// <summary>Reads a search from a query string (the page and the API share it); values it cannot read are ignored.</summary>
public static class SearchRequestReader
{
    // Values read of one filter: more than any filter offers (topics, the longest, has a few dozen), so only a crafted
    // address is cut short.
    private const int MaxValuesPerFilter = 50;

    // The largest page a person may ask for (size=), and the page size when none is asked for.
    private const int MaxPageSize = 100;
    private const int DefaultPageSize = 20;

    /// <summary>Reads q, type, topic, evidence, access, kss, from, to, sort, page and size.</summary>
    public static ResearchSearchRequest From(IQueryCollection query) => new()
    {
        Text = query["q"].ToString(),
        Types = Values(query, "type"),
        Topics = Values(query, "topic"),
        EvidenceLevels = Values(query, "evidence"),
        Access = Values(query, "access"),
        KssStatements = Values(query, "kss"),
        YearFrom = Year(query["from"]),
        YearTo = Year(query["to"]),
        Sort = string.Equals(query["sort"], "newest", StringComparison.OrdinalIgnoreCase) ? ResearchSort.Newest : ResearchSort.Relevance,
        Page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1,
        PageSize = int.TryParse(query["size"], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is > 0 and <= MaxPageSize ? size : DefaultPageSize,
    };

    /// <summary>A year typed into the form, or null when it is not a four-digit year.</summary>
    public static int? Year(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1000 and <= 9999 ? year : null;

    private static List<string> Values(IQueryCollection query, string key) =>
        query[key].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Take(MaxValuesPerFilter).ToList();
}
