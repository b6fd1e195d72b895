using System.Runtime.CompilerServices;
using Accreditation.Research.Indexing;

namespace Accreditation.Research.Search;

/// <summary>Counts per facet value ordinal of one segment (added to <see cref="FacetCounts"/> by name at the end).</summary>
internal sealed class SegmentCounts
{
    private readonly int[][] single;
    private readonly int[][] multi;
    private readonly int[] years;

    public SegmentCounts(SegmentValues values)
    {
        single = values.SingleValues.Select(v => new int[v.Length]).ToArray();
        multi = values.MultiValues.Select(v => new int[v.Length]).ToArray();
        years = new int[values.YearSpan];
    }

    /// <summary>Counts (or, with a negative delta, uncounts) every facet value of a document.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(SegmentValues v, int doc, int delta)
    {
        for (var i = 0; i < single.Length; i++)
        {
            var ord = v.SingleOrds[i][doc];
            if (ord >= 0)
            {
                single[i][ord] += delta;
            }
        }

        for (var i = 0; i < multi.Length; i++)
        {
            var starts = v.MultiStarts[i];
            var ords = v.MultiOrds[i];
            var counts = multi[i];
            for (var j = starts[doc]; j < starts[doc + 1]; j++)
            {
                counts[ords[j]] += delta;
            }
        }

        var year = v.Years[doc];
        if (year > 0)
        {
            years[year - v.MinYear] += delta;
        }
    }

    /// <summary>Counts the values of one dimension of a document (see <see cref="FacetCounter.DimensionOf"/>).</summary>
    public void Count(SegmentValues v, int doc, int dimension, int delta)
    {
        if (dimension < single.Length)
        {
            var ord = v.SingleOrds[dimension][doc];
            if (ord >= 0)
            {
                single[dimension][ord] += delta;
            }
        }
        else if (dimension < single.Length + multi.Length)
        {
            var i = dimension - single.Length;
            for (var j = v.MultiStarts[i][doc]; j < v.MultiStarts[i][doc + 1]; j++)
            {
                multi[i][v.MultiOrds[i][j]] += delta;
            }
        }
        else if (v.Years[doc] > 0)
        {
            years[v.Years[doc] - v.MinYear] += delta;
        }
    }

    public void CopyFrom(SegmentCounts other)
    {
        for (var i = 0; i < single.Length; i++)
        {
            Array.Copy(other.single[i], single[i], single[i].Length);
        }

        for (var i = 0; i < multi.Length; i++)
        {
            Array.Copy(other.multi[i], multi[i], multi[i].Length);
        }

        Array.Copy(other.years, years, years.Length);
    }

    /// <summary>Adds the non-zero counts to <paramref name="into"/> by value name.</summary>
    public void AddTo(FacetCounts into, SegmentValues v)
    {
        for (var i = 0; i < single.Length; i++)
        {
            for (var ord = 0; ord < single[i].Length; ord++)
            {
                if (single[i][ord] > 0)
                {
                    into.Add(FacetCounter.SingleValued[i], v.SingleValues[i][ord], single[i][ord]);
                }
            }
        }

        for (var i = 0; i < multi.Length; i++)
        {
            for (var ord = 0; ord < multi[i].Length; ord++)
            {
                if (multi[i][ord] > 0)
                {
                    into.Add(FacetCounter.MultiValued[i], v.MultiValues[i][ord], multi[i][ord]);
                }
            }
        }

        for (var y = 0; y < years.Length; y++)
        {
            if (years[y] > 0)
            {
                var year = y + v.MinYear;
                into.Years[year] = into.Years.TryGetValue(year, out var n) ? n + years[y] : years[y];
            }
        }
    }
}
