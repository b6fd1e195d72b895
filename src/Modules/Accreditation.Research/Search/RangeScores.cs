using Lucene.Net.Util;

namespace Accreditation.Research.Search;

/// <summary>The matches (bits from the range's first document) and scores of a query over a range of documents.</summary>
internal sealed class RangeScores(int capacity)
{
    /// <summary>Match bits, bit i for the range's i-th document.</summary>
    public ulong[] Bits { get; } = new ulong[(capacity + 63) >> 6];

    /// <summary>Scores, valid where a bit is set.</summary>
    public float[] Scores { get; } = new float[capacity];

    /// <summary>The capacity, in documents.</summary>
    public int Capacity => Scores.Length;

    /// <summary>The first document of the range.</summary>
    public int From { get; private set; }

    /// <summary>The end of the range (exclusive).</summary>
    public int To { get; private set; }

    /// <summary>Clears the bits for a new range.</summary>
    public void Reset(int from, int to)
    {
        From = from;
        To = to;
        Array.Clear(Bits, 0, (to - from + 63) >> 6);
    }
}
