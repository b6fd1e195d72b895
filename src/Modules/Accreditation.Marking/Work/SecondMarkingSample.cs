using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Accreditation.Marking.Work;

/// <summary>
/// Picks the random sample for second marking so that its size is exact: the n-th snapshot eligible for sampling falls in
/// a block of consecutive snapshots, and a shuffle of each block (seeded) picks exactly the sample's share of it, e.g. 1 in
/// each block of 10 for 10%. Nobody can tell from the order which one in a block is picked. The seed comes from
/// Marking:SampleSeed (tests make it exact); otherwise a random one per process.
/// </summary>
public sealed class SecondMarkingSample(IConfiguration configuration)
{
    private readonly int seed = int.TryParse(configuration["Marking:SampleSeed"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
        ? s : RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>Whether the snapshot with this ordinal (0 upwards) is in a sample of the given percentage.</summary>
    public bool IsSampled(int ordinal, int percent)
    {
        if (percent <= 0)
        {
            return false;
        }

        if (percent >= 100)
        {
            return true;
        }

        var divisor = Gcd(percent, 100);
        var block = 100 / divisor;
        var picked = percent / divisor;
        var order = Enumerable.Range(0, block).ToArray();
        new Random(unchecked((seed * 397) ^ (ordinal / block))).Shuffle(order);
        return order.Take(picked).Contains(ordinal % block);
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
