using System.Buffers;
using System.Collections.Concurrent;

namespace Accreditation.Research.Search;

/// <summary>
/// The working arrays of one search pass (<see cref="RangeScores"/> for the parts of a query, and counters), reused
/// from range to range and, through <see cref="Take"/>, from search to search.
/// </summary>
internal sealed class EvaluationBuffers
{
    // The smallest RangeScores made: small ranges (the end of a segment) then reuse it instead of asking for their own.
    private const int MinimumCapacity = 4096;

    private static readonly ConcurrentBag<EvaluationBuffers> Pool = [];
    private readonly Stack<RangeScores> free = new();

    /// <summary>
    /// A set of buffers from the pool (or a new one): a search's arrays are as long as a segment's range, which would otherwise
    /// be allocated on the large object heap by every search and only reclaimed by full collections.
    /// </summary>
    public static EvaluationBuffers Take() => Pool.TryTake(out var buffers) ? buffers : new EvaluationBuffers();

    /// <summary>Puts buffers back in the pool (at most one set per core is kept: no more searches run at once for long).</summary>
    public static void Give(EvaluationBuffers buffers)
    {
        if (Pool.Count < Environment.ProcessorCount)
        {
            Pool.Add(buffers);
        }
    }

    /// <summary>Bits and scores for at least <paramref name="length"/> documents.</summary>
    public RangeScores Rent(int length)
    {
        while (free.Count > 0)
        {
            var candidate = free.Pop();
            if (candidate.Capacity >= length)
            {
                return candidate;
            }
        }

        return new RangeScores(Math.Max(length, MinimumCapacity));
    }

    /// <summary>Gives back what <see cref="Rent(int)"/> gave.</summary>
    public void Return(RangeScores scores) => free.Push(scores);

    /// <summary>A float array of at least <paramref name="length"/>.</summary>
    public float[] RentFloats(int length) => ArrayPool<float>.Shared.Rent(length);

    /// <summary>Gives back a float array.</summary>
    public void ReturnFloats(float[] array) => ArrayPool<float>.Shared.Return(array);

    /// <summary>A byte array of at least <paramref name="length"/>.</summary>
    public byte[] RentBytes(int length) => ArrayPool<byte>.Shared.Rent(length);

    /// <summary>Gives back a byte array.</summary>
    public void ReturnBytes(byte[] array) => ArrayPool<byte>.Shared.Return(array);
}
