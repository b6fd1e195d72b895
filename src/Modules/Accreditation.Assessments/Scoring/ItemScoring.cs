using Accreditation.Assessments.Data;

namespace Accreditation.Assessments.Scoring;

/// <summary>Marks one answer: 1 for a right single answer; for multiple answer all or nothing, or partial credit when the item says so.</summary>
public static class ItemScoring
{
    /// <summary>
    /// The mark (0 to 1) for the chosen option indexes. Partial credit is (right chosen - wrong chosen) / k, never below
    /// 0, so choosing every option earns nothing.
    /// </summary>
    public static double Mark(ItemKind kind, IReadOnlySet<int> correct, IReadOnlyCollection<int> chosen, bool partialCredit)
    {
        var picked = chosen.ToHashSet();
        if (kind == ItemKind.Single)
        {
            return picked.Count == 1 && correct.Contains(picked.First()) ? 1 : 0;
        }

        if (picked.SetEquals(correct))
        {
            return 1;
        }

        if (!partialCredit || correct.Count == 0)
        {
            return 0;
        }

        var right = picked.Count(correct.Contains);
        var wrong = picked.Count - right;
        return Math.Max(0, right - wrong) / (double)correct.Count;
    }

    /// <summary>Parses a stored answer ("0,2") into option indexes.</summary>
    public static IReadOnlyList<int> Parse(string? answer) =>
        string.IsNullOrEmpty(answer) ? [] : answer.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
}

/// <summary>Feedback for one statement group: marks scored of marks available (never which answers were right).</summary>
public sealed record GroupFeedback(string Group, double Score, int Max)
{
    /// <summary>Formats a sitting's feedback for storage: "General=14/18;Applied=9.5/12".</summary>
    public static string Format(IEnumerable<GroupFeedback> groups) =>
        string.Join(';', groups.Select(g => FormattableString.Invariant($"{g.Group}={g.Score:0.##}/{g.Max}")));

    /// <summary>Parses stored feedback.</summary>
    public static IReadOnlyList<GroupFeedback> Parse(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split(';').Select(p =>
        {
            var (group, marks) = (p[..p.LastIndexOf('=')], p[(p.LastIndexOf('=') + 1)..].Split('/'));
            return new GroupFeedback(group, double.Parse(marks[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(marks[1], System.Globalization.CultureInfo.InvariantCulture));
        }).ToList();
}
