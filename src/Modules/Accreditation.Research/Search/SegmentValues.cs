using Accreditation.Research.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Accreditation.Research.Search;

/// <summary>
/// One segment's facet values as arrays: per document the ordinal of each single-valued field, the ordinals of each
/// multi-valued field (start offsets into one array) and the year. Segments never change, so this is read once.
/// </summary>
internal sealed class SegmentValues
{
    public required int[][] SingleOrds { get; init; }

    public required string[][] SingleValues { get; init; }

    public required int[][] MultiStarts { get; init; }

    public required int[][] MultiOrds { get; init; }

    public required string[][] MultiValues { get; init; }

    public required int[] Years { get; init; }

    public required int MinYear { get; init; }

    public required int YearSpan { get; init; }

    public static SegmentValues Read(AtomicReader reader)
    {
        var maxDoc = reader.MaxDoc;
        var scratch = new BytesRef();
        var singleOrds = new int[FacetCounter.SingleValued.Length][];
        var singleValues = new string[FacetCounter.SingleValued.Length][];
        for (var i = 0; i < FacetCounter.SingleValued.Length; i++)
        {
            var values = reader.GetSortedDocValues(FacetCounter.SingleValued[i]);
            var ords = new int[maxDoc];
            Array.Fill(ords, -1);
            var names = Array.Empty<string>();
            if (values is not null)
            {
                names = new string[values.ValueCount];
                for (var ord = 0; ord < names.Length; ord++)
                {
                    values.LookupOrd(ord, scratch);
                    names[ord] = scratch.Utf8ToString();
                }

                for (var doc = 0; doc < maxDoc; doc++)
                {
                    ords[doc] = values.GetOrd(doc);
                }
            }

            singleOrds[i] = ords;
            singleValues[i] = names;
        }

        var multiStarts = new int[FacetCounter.MultiValued.Length][];
        var multiOrds = new int[FacetCounter.MultiValued.Length][];
        var multiValues = new string[FacetCounter.MultiValued.Length][];
        for (var i = 0; i < FacetCounter.MultiValued.Length; i++)
        {
            var values = reader.GetSortedSetDocValues(FacetCounter.MultiValued[i]);
            var starts = new int[maxDoc + 1];
            var ords = new List<int>();
            var names = Array.Empty<string>();
            if (values is not null)
            {
                names = new string[checked((int)values.ValueCount)];
                for (var ord = 0; ord < names.Length; ord++)
                {
                    values.LookupOrd(ord, scratch);
                    names[ord] = scratch.Utf8ToString();
                }

                for (var doc = 0; doc < maxDoc; doc++)
                {
                    starts[doc] = ords.Count;
                    values.SetDocument(doc);
                    long ord;
                    while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                    {
                        ords.Add((int)ord);
                    }
                }
            }

            starts[maxDoc] = ords.Count;
            multiStarts[i] = starts;
            multiOrds[i] = [.. ords];
            multiValues[i] = names;
        }

        var yearValues = reader.GetNumericDocValues(IndexFields.Year);
        var years = new int[maxDoc];
        var min = int.MaxValue;
        var max = 0;
        for (var doc = 0; doc < maxDoc && yearValues is not null; doc++)
        {
            years[doc] = (int)yearValues.Get(doc);
            if (years[doc] > 0)
            {
                min = Math.Min(min, years[doc]);
                max = Math.Max(max, years[doc]);
            }
        }

        return new SegmentValues
        {
            SingleOrds = singleOrds,
            SingleValues = singleValues,
            MultiStarts = multiStarts,
            MultiOrds = multiOrds,
            MultiValues = multiValues,
            Years = years,
            MinYear = max == 0 ? 0 : min,
            YearSpan = max == 0 ? 0 : max - min + 1,
        };
    }
}
