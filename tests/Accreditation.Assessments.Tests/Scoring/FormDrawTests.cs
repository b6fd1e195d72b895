using Accreditation.Assessments.Data;
using Accreditation.Assessments.Sittings;
using Accreditation.Assessments.Tests.Support;

namespace Accreditation.Assessments.Tests.Scoring;

public sealed class FormDrawTests
{
    private static List<QuestionItem> LiveBank() => AssessmentTesting.Bank().Select(d =>
    {
        var item = new QuestionItem { Id = Guid.NewGuid(), Key = d.Key, Group = "", Stem = "", Options = "", Correct = "" };
        d.ApplyTo(item);
        return item;
    }).ToList();

    private static Blueprint Blueprint(bool shuffle = true) =>
        new() { Rules = "General=3;Applied=2", ShuffleItems = shuffle, ShuffleOptions = shuffle };

    [Fact]
    public void Blueprint_draws_the_stated_count_per_group_and_keeps_a_scenario_set_whole()
    {
        var bank = LiveBank();
        var byId = bank.ToDictionary(i => i.Id);
        for (var seed = 0; seed < 50; seed++)
        {
            var form = FormDraw.Draw(Blueprint(), bank, seed);
            Assert.Null(form.Error);
            var items = form.Items.Select(d => byId[d.ItemId]).ToList();
            Assert.Equal(3, items.Count(i => i.Group == "General"));
            Assert.Equal(2, items.Count(i => i.Group == "Applied"));
            Assert.Equal(5, items.Select(i => i.Key).Distinct().Count());
            var scenario = items.Select((i, n) => (i, n)).Where(x => x.i.ScenarioKey == "S1").Select(x => x.n).ToList();
            // A scenario set comes whole (both items) and together, or not at all.
            Assert.True(scenario.Count == 0 || (scenario.Count == 2 && scenario[1] == scenario[0] + 1), $"seed {seed}: scenario items at {string.Join(",", scenario)}");
        }
    }

    [Fact]
    public void The_same_seed_draws_the_same_form_and_other_seeds_vary_it()
    {
        var bank = LiveBank();
        var first = FormDraw.Draw(Blueprint(), bank, 1234);
        var again = FormDraw.Draw(Blueprint(), Enumerable.Reverse(bank).ToList(), 1234);
        Assert.Equal(Describe(first), Describe(again));
        Assert.Equal(FormDraw.SeedFor(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), 1), FormDraw.SeedFor(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), 1));
        Assert.NotEqual(FormDraw.SeedFor(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), 1), FormDraw.SeedFor(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), 2));
        var forms = Enumerable.Range(0, 20).Select(s => Describe(FormDraw.Draw(Blueprint(), bank, s))).Distinct().Count();
        Assert.True(forms > 5, $"only {forms} different forms from 20 seeds");
    }

    [Fact]
    public void Shuffled_options_are_a_permutation_and_unshuffled_ones_keep_their_order()
    {
        var bank = LiveBank();
        var shuffled = FormDraw.Draw(Blueprint(), bank, 99);
        Assert.All(shuffled.Items, i => Assert.Equal([0, 1, 2, 3], i.OptionOrder.Order()));
        Assert.Contains(shuffled.Items, i => !i.OptionOrder.SequenceEqual([0, 1, 2, 3]));
        var plain = FormDraw.Draw(Blueprint(shuffle: false), bank, 99);
        Assert.All(plain.Items, i => Assert.Equal([0, 1, 2, 3], i.OptionOrder));
    }

    [Fact]
    public void Too_few_live_items_in_a_group_is_a_clear_refusal()
    {
        var form = FormDraw.Draw(new Blueprint { Rules = "General=6" }, LiveBank(), 1);
        Assert.Empty(form.Items);
        Assert.Contains("too few live items in the group 'General'", form.Error);
    }

    private static string Describe(DrawResult form) => string.Join("|", form.Items.Select(i => $"{i.ItemId}:{string.Join(",", i.OptionOrder)}"));
}
