using System.Text.RegularExpressions;

namespace Accreditation.Cpd.Records;

/// <summary>
/// Near-duplicate text: the Jaccard similarity of word three-grams ("shingles"), so a copy with a few words changed still
/// scores high while two records on the same topic in different words score low.
/// </summary>
public static partial class DuplicateCheck
{
    /// <summary>At or above this similarity two texts count as the same or nearly the same.</summary>
    public const double Threshold = 0.5;

    /// <summary>Texts shorter than this many words are too short to call copies (unless identical).</summary>
    private const int MinimumWords = 8;

    /// <summary>The shingles of a text (lower-cased words, punctuation ignored).</summary>
    public static HashSet<string> Shingles(string text)
    {
        var words = Words().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        if (words.Count < 3)
        {
            shingles.UnionWith(words);
            return shingles;
        }

        for (var i = 0; i + 2 < words.Count; i++)
        {
            shingles.Add($"{words[i]} {words[i + 1]} {words[i + 2]}");
        }

        return shingles;
    }

    /// <summary>The similarity of two shingle sets, 0 (nothing shared) to 1 (the same).</summary>
    public static double Similarity(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    /// <summary>Whether two texts are the same or nearly the same.</summary>
    public static bool IsNearDuplicate(string a, string b) => IsNearDuplicate(Shingles(a), b);

    /// <summary>
    /// Whether a text is the same as or nearly the same as one whose shingles are given: a save compares one text with
    /// every record of the person's authority, so its own shingles are worked out once, not once a record.
    /// </summary>
    public static bool IsNearDuplicate(IReadOnlySet<string> first, string b)
    {
        var second = Shingles(b);
        if (first.Count == 0 || second.Count == 0)
        {
            return false;
        }

        if (first.SetEquals(second))
        {
            return true;
        }

        return Math.Min(first.Count, second.Count) + 2 >= MinimumWords && Similarity(first, second) >= Threshold;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
