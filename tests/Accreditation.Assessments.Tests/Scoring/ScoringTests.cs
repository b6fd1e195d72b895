using Accreditation.Assessments.Data;
using Accreditation.Assessments.Scoring;
using Accreditation.Assessments.Statistics;

namespace Accreditation.Assessments.Tests.Scoring;

public sealed class ScoringTests
{
    private static readonly HashSet<int> KeyB = [1];
    private static readonly HashSet<int> KeyAC = [0, 2];

    [Theory]
    [InlineData(new[] { 1 }, 1.0)]
    [InlineData(new[] { 0 }, 0.0)]
    [InlineData(new int[0], 0.0)]
    [InlineData(new[] { 1, 2 }, 0.0)] // two choices on a single-answer item earn nothing
    public void Single_answer_scores_one_for_the_key_only(int[] chosen, double mark) =>
        Assert.Equal(mark, ItemScoring.Mark(ItemKind.Single, KeyB, chosen, partialCredit: false));

    [Theory]
    [InlineData(new[] { 0, 2 }, 1.0)]
    [InlineData(new[] { 0 }, 0.0)]
    [InlineData(new[] { 0, 2, 3 }, 0.0)]
    [InlineData(new[] { 0, 1, 2, 3 }, 0.0)]
    public void Multiple_answer_exact_is_all_or_nothing(int[] chosen, double mark) =>
        Assert.Equal(mark, ItemScoring.Mark(ItemKind.Multiple, KeyAC, chosen, partialCredit: false));

    [Theory]
    [InlineData(new[] { 0, 2 }, 1.0)] // both right
    [InlineData(new[] { 0 }, 0.5)] // one right of two
    [InlineData(new[] { 0, 2, 3 }, 0.5)] // two right, one wrong: (2 - 1) / 2
    [InlineData(new[] { 0, 1 }, 0.0)] // one right, one wrong
    [InlineData(new[] { 0, 1, 2, 3 }, 0.0)] // everything: (2 - 2) / 2
    [InlineData(new[] { 1, 3 }, 0.0)] // never below nothing
    public void Multiple_answer_partial_credit_is_right_minus_wrong_over_k(int[] chosen, double mark) =>
        Assert.Equal(mark, ItemScoring.Mark(ItemKind.Multiple, KeyAC, chosen, partialCredit: true));

    [Fact]
    public void Scenario_items_are_scored_as_their_kind_and_feedback_adds_up_by_group()
    {
        // Worked example: a scenario set of a single (right) and a partial multiple (one of two right), plus a wrong single.
        var marks = new[]
        {
            ("Applied", ItemScoring.Mark(ItemKind.Single, KeyB, [1], false)),
            ("Applied", ItemScoring.Mark(ItemKind.Multiple, KeyAC, [2], true)),
            ("General", ItemScoring.Mark(ItemKind.Single, KeyB, [3], false)),
        };
        var feedback = marks.GroupBy(m => m.Item1).OrderBy(g => g.Key).Select(g => new GroupFeedback(g.Key, g.Sum(m => m.Item2), g.Count())).ToList();
        var stored = GroupFeedback.Format(feedback);
        Assert.Equal("Applied=1.5/2;General=0/1", stored);
        Assert.Equal(feedback, GroupFeedback.Parse(stored));
    }

    [Fact]
    public void Point_biserial_matches_a_worked_example()
    {
        // Five candidates; the item is right for the three with totals 8, 9, 10 and wrong for totals 4 and 6.
        // M1 = 9, M0 = 5, p = 0.6, q = 0.4, population sd of totals (mean 7.4: deviations 0.6, 1.6, 2.6, -3.4, -1.4;
        // squares 0.36 + 2.56 + 6.76 + 11.56 + 1.96 = 23.2; / 5 = 4.64) = 2.15407; r = (9 - 5) / 2.15407 * sqrt(0.24) = 0.90972.
        var r = ItemStatistics.PointBiserial([(1, 8), (1, 9), (1, 10), (0, 4), (0, 6)]);
        Assert.NotNull(r);
        Assert.Equal(0.90972, r.Value, 5);
        Assert.Null(ItemStatistics.PointBiserial([(1, 8), (1, 9)])); // everyone right: no variation to correlate
    }

    [Fact]
    public void Statistics_give_facility_option_counts_time_and_flags()
    {
        var item = new QuestionItem { Id = Guid.NewGuid(), Key = "X", Group = "General", Stem = "?", Options = "a\nb\nc\nd", Correct = "1", Kind = ItemKind.Single };
        var responses = new[]
        {
            new ItemResponse(item.Id, 0, "0", 9, 30), new ItemResponse(item.Id, 0, "0", 8, 40), new ItemResponse(item.Id, 0, "2", 7, 50),
            new ItemResponse(item.Id, 1, "1", 3, 60), new ItemResponse(item.Id, 0, "0", 5, null),
        };
        var row = ItemStatistics.Compute([item], responses).Single();
        Assert.Equal(5, row.Responses);
        Assert.Equal(0.2, row.Facility!.Value, 6);
        Assert.Equal([3, 1, 1, 0], row.OptionCounts);
        Assert.Equal(45, row.MedianSeconds);
        Assert.True(row.Discrimination < 0);
        Assert.Contains("Negative discrimination: check the key", row.Flags);
        Assert.Contains("A wrong option nobody chose", row.Flags);
    }
}
