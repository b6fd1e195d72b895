using System.Security.Cryptography;
using System.Text;
using Accreditation.Assessments.Data;

namespace Accreditation.Assessments.Sittings;

/// <summary>An item of a drawn form: the item version and the order its options are shown in.</summary>
public sealed record DrawnItem(Guid ItemId, IReadOnlyList<int> OptionOrder);

/// <summary>A drawn form, or why it cannot be drawn.</summary>
public sealed record DrawResult(IReadOnlyList<DrawnItem> Items, string? Error);

/// <summary>
/// Draws a candidate's form from the live items by the blueprint: per group the stated count, a scenario set drawn
/// whole (its items stay together, in key order). The same seed always gives the same form.
/// </summary>
public static class FormDraw
{
    /// <summary>The seed for a candidate's attempt: stable across restarts and machines.</summary>
    public static int SeedFor(Guid enrolmentId, int attempt) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{enrolmentId:N}/{attempt}")), 0);

    /// <summary>Draws the form.</summary>
    public static DrawResult Draw(Blueprint blueprint, IReadOnlyList<QuestionItem> liveItems, int seed)
    {
        var random = new Random(seed);
        var drawn = new List<List<QuestionItem>>();
        foreach (var (group, count) in blueprint.RuleList())
        {
            // Units: a standalone item, or a whole scenario set. Ordered by key first so the draw depends only on the seed.
            var units = liveItems.Where(i => string.Equals(i.Group, group, StringComparison.OrdinalIgnoreCase))
                .GroupBy(i => i.ScenarioKey ?? "item:" + i.Key)
                .Select(g => g.OrderBy(i => i.Key, StringComparer.Ordinal).ToList())
                .OrderBy(u => u[0].ScenarioKey ?? u[0].Key, StringComparer.Ordinal).ToList();
            Shuffle(units, random);
            var remaining = count;
            foreach (var unit in units)
            {
                if (unit.Count <= remaining)
                {
                    drawn.Add(unit);
                    remaining -= unit.Count;
                }

                if (remaining == 0)
                {
                    break;
                }
            }

            if (remaining > 0)
            {
                return new DrawResult([], $"The bank has too few live items in the group '{group}' to draw {count}.");
            }
        }

        if (blueprint.ShuffleItems)
        {
            Shuffle(drawn, random);
        }

        var items = new List<DrawnItem>();
        foreach (var item in drawn.SelectMany(u => u))
        {
            var order = Enumerable.Range(0, item.OptionList().Count).ToList();
            if (blueprint.ShuffleOptions)
            {
                Shuffle(order, random);
            }

            items.Add(new DrawnItem(item.Id, order));
        }

        return new DrawResult(items, null);
    }

    private static void Shuffle<T>(List<T> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
