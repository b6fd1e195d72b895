using Accreditation.Research.Indexing;

namespace Accreditation.Research.Search;

/// <summary>Filter counts: per facet field, value to number of matching items; and matching items per year.</summary>
public sealed class FacetCounts
{
    /// <summary>Per facet field name: value to number of matching items.</summary>
    public Dictionary<string, Dictionary<string, int>> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Matching items per year (items without a year are left out).</summary>
    public Dictionary<int, int> Years { get; } = [];

    /// <summary>Adds another count (of other documents) to this one: every field, or only <paramref name="field"/>.</summary>
    public void Add(FacetCounts other, string? field = null)
    {
        foreach (var (name, values) in other.Values)
        {
            if (field is not null && name != field)
            {
                continue;
            }

            foreach (var (value, n) in values)
            {
                Add(name, value, n);
            }
        }

        if (field is null or IndexFields.Year)
        {
            foreach (var (year, n) in other.Years)
            {
                Years[year] = Years.TryGetValue(year, out var m) ? m + n : n;
            }
        }
    }

    internal void Add(string field, string value, int n)
    {
        if (!Values.TryGetValue(field, out var values))
        {
            Values[field] = values = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        values[value] = values.TryGetValue(value, out var m) ? m + n : n;
    }
}
