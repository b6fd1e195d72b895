using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;

namespace Accreditation.Portfolios.Privacy;

/// <summary>
/// The privacy scanner's findings per evidence item, remembered so that viewing a task list does not rescan text that has
/// not changed. An entry is keyed by the item's id and a SHA-256 of every part scanned (with its place), so any change
/// to a title, text, observer, file or rationale is a new key and is scanned at once, and an item's findings are only
/// ever given back for that item. Bounded in entries; each node keeps its own (nothing to share: the key is the content).
/// </summary>
public sealed class PrivacyScanCache : IDisposable
{
    /// <summary>Items remembered at most (a few hundred bytes each); the least recently used go first.</summary>
    public const int Capacity = 20_000;

    private readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });
    private long scans;

    /// <summary>How many items have been scanned rather than found here (for tests and benchmarks).</summary>
    public long Scans => Interlocked.Read(ref scans);

    /// <summary>The findings of one item's parts (place and text, in order), scanned only when these parts are new.</summary>
    public IReadOnlyList<(string Place, PrivacyMatch Match)> FindingsOf(Guid itemId, IReadOnlyList<(string Place, string? Text)> parts)
    {
        var key = new Key(itemId, Fingerprint(parts));
        if (entries.TryGetValue(key, out IReadOnlyList<(string Place, PrivacyMatch Match)>? known) && known is not null)
        {
            return known;
        }

        Interlocked.Increment(ref scans);
        var found = Scan(parts);

        // A text the scanner could not finish in time (a busy machine) is checked again next time, as it was before.
        if (!found.Any(f => f.Match.Kind == IdentifierKind.Unchecked))
        {
            entries.Set(key, found, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(2) });
        }

        return found;
    }

    /// <summary>Scans the parts without remembering anything.</summary>
    public static IReadOnlyList<(string Place, PrivacyMatch Match)> Scan(IReadOnlyList<(string Place, string? Text)> parts) =>
        parts.SelectMany(p => PrivacyScanner.Scan(p.Text).Select(m => (p.Place, m))).ToList();

    /// <inheritdoc />
    public void Dispose() => entries.Dispose();

    private static string Fingerprint(IReadOnlyList<(string Place, string? Text)> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (place, text) in parts)
        {
            // Lengths first, so that no two different lists of parts run together into the same bytes.
            var placeBytes = Encoding.UTF8.GetBytes(place);
            var textBytes = text is null ? [] : Encoding.UTF8.GetBytes(text);
            hash.AppendData(BitConverter.GetBytes(placeBytes.Length));
            hash.AppendData(placeBytes);
            hash.AppendData(BitConverter.GetBytes(text is null ? -1 : textBytes.Length));
            hash.AppendData(textBytes);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private sealed record Key(Guid ItemId, string Fingerprint);
}
