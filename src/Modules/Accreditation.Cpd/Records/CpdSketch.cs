using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Accreditation.Core.Data;
using Accreditation.Cpd.Data;

namespace Accreditation.Cpd.Records;

/// <summary>
/// A record's sketch for finding duplicate candidates without reading every record: MinHash with banding (locality
/// sensitive hashing) over the shingles <see cref="DuplicateCheck"/> compares, plus the number of shingles.
/// </summary>
/// <remarks>
/// Each of <see cref="Bands"/> bands hashes <see cref="RowsPerBand"/> MinHash values (the smallest of a hash function over
/// the text's shingles; two texts share one with probability equal to their Jaccard similarity J). Two texts share a band
/// with probability J², so they share at least one of b bands with probability 1 - (1 - J²)^b. With r = 2 and b = 20:
/// at J = 0.5 (the threshold) 1 - 0.75^20 = 99.7%, at J = 0.6 99.99%, at J = 0.7 and above more than 99.9999%; an
/// identical text always. Unrelated records (J of three-word shingles around 0.01-0.05) share a band with probability
/// 0.2%-5%, so a save reads a few records of its authority in a hundred rather than all of them. The length band is a
/// guarantee rather than a probability: J ≥ 0.5 needs the smaller shingle set to be at least half the larger, so only
/// records with between half and twice the new text's shingles can be duplicates. Twenty rows a record of 8-byte values
/// (a million records: twenty million narrow rows); r = 1 would need far fewer rows but make every record sharing one
/// common phrase ("as a result of") a candidate, and r = 3 would need over 40 bands for the same recall.
/// Changing the shingles, the hashes or these numbers changes every sketch: a migration then sets
/// <see cref="CpdRecord.SketchShingles"/> to null and the background task (<see cref="CpdSketchFill"/>) makes them again.
/// </remarks>
/// <param name="Shingles">How many distinct shingles the text has.</param>
/// <param name="Values">The band values, one a band (none for a text without words).</param>
public sealed record CpdSketch(int Shingles, IReadOnlyList<long> Values)
{
    /// <summary>How many bands (and rows a record) a sketch has.</summary>
    public const int Bands = 20;

    /// <summary>How many MinHash values each band hashes together.</summary>
    public const int RowsPerBand = 2;

    /// <summary>The fewest shingles another text can have and still reach the threshold with this one.</summary>
    public int FewestShingles => (Shingles + 1) / 2;

    /// <summary>The most shingles another text can have and still reach the threshold with this one.</summary>
    public int MostShingles => Shingles * 2;

    /// <summary>The sketch of a text.</summary>
    public static CpdSketch Of(string text) => Of(DuplicateCheck.Shingles(text));

    /// <summary>The sketch of a text already cut into shingles.</summary>
    public static CpdSketch Of(IReadOnlySet<string> shingles)
    {
        if (shingles.Count == 0)
        {
            return new CpdSketch(0, []);
        }

        var minimums = new ulong[Bands * RowsPerBand];
        Array.Fill(minimums, ulong.MaxValue);
        foreach (var shingle in shingles)
        {
            // One stable hash of the shingle (the same in every process and release, unlike string.GetHashCode),
            // then a family of hash functions from it: each a different seed through a bijective 64-bit mixer.
            var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(shingle));
            for (var i = 0; i < minimums.Length; i++)
            {
                var value = Mix(hash ^ ((ulong)(i + 1) * 0x9E3779B97F4A7C15UL));
                if (value < minimums[i])
                {
                    minimums[i] = value;
                }
            }
        }

        var values = new long[Bands];
        Span<byte> band = stackalloc byte[8 * (RowsPerBand + 1)];
        for (var b = 0; b < Bands; b++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(band, (ulong)b);
            for (var r = 0; r < RowsPerBand; r++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(band[(8 * (r + 1))..], minimums[(b * RowsPerBand) + r]);
            }

            values[b] = unchecked((long)XxHash64.HashToUInt64(band));
        }

        return new CpdSketch(shingles.Count, values);
    }

    /// <summary>The sketch of a record's text (the fields the duplicate check compares).</summary>
    public static CpdSketch Of(CpdRecord record) =>
        Of(CpdRecords.TextOf(record.Description, record.Learning, record.Impact, record.PeerLearning));

    /// <summary>The sketch's rows for a record.</summary>
    public IEnumerable<CpdSketchBand> Rows(Guid recordId) =>
        Values.Select((value, band) => new CpdSketchBand { RecordId = recordId, Band = (short)band, Value = value });

    /// <summary>
    /// Sketches a record that is being added (it has no sketch rows yet): sets its shingle count and adds its rows, saved
    /// with the record by the caller's SaveChanges.
    /// </summary>
    public static void AddFor(AccreditationDbContext db, CpdRecord record)
    {
        var sketch = Of(record);
        record.SketchShingles = sketch.Shingles;
        db.AddRange(sketch.Rows(record.Id));
    }

    // SplitMix64's finaliser: a bijection that spreads every input bit over the output.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
