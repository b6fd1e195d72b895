using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Accreditation.Core.Recipes;
using Accreditation.Core.Time;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Recipes;

/// <summary>
/// The "assessment" step: adds question bank items (as the JSON import takes them) and sets programmes' blueprints.
/// Items already in the bank with the same content are left alone, so running the step again changes nothing.
/// </summary>
public sealed class AssessmentStep(QuestionBank bank, IEnrolments enrolments, IIdSource ids) : RecipeStep<AssessmentStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyList<ItemData>? Items = null, IReadOnlyList<BlueprintData>? Blueprints = null);

    /// <summary>One item (option numbers in <c>correct</c> count from 1).</summary>
    public sealed record ItemData(string Key, string Kind, string Group, IReadOnlyList<int> Statements, string Stem, IReadOnlyList<string> Options,
        IReadOnlyList<int> Correct, string? Scenario = null, string? ScenarioText = null, bool PartialCredit = false, string? Rationale = null, string Status = "Live");

    /// <summary>One programme's blueprint, by the programme's name; groups map a statement group to its number of items.</summary>
    public sealed record BlueprintData(string Programme, IReadOnlyDictionary<string, int> Groups, int TimeLimitMinutes = 60, int PassMarkPercent = 70,
        bool ShuffleItems = true, bool ShuffleOptions = true, int MaxAttempts = 2, int ResitAfterDays = 28);

    /// <inheritdoc />
    public override string Name => "assessment";

    private static ItemDraft Draft(ItemData i) => new(i.Key, i.Kind, i.Group, i.Statements, i.Scenario, i.ScenarioText, i.Stem, i.Options, i.Correct, i.PartialCredit, i.Rationale, i.Status);

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        var items = data.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var problem in Draft(items[i]).Problems())
            {
                errors.Add($"$.items[{i}]", problem);
            }
        }

        var blueprints = data.Blueprints ?? [];
        for (var i = 0; i < blueprints.Count; i++)
        {
            var b = blueprints[i];
            if (b.Groups.Count == 0 || b.Groups.Any(g => g.Key.Length is 0 or > 100 || g.Key.Contains('=') || g.Key.Contains(';') || g.Value is < 1 or > 500))
            {
                errors.Add($"$.blueprints[{i}].groups", "Give each group 1 to 500 items; group names are 1 to 100 characters without = or ;.");
            }

            if (b.TimeLimitMinutes is < 1 or > 600 || b.PassMarkPercent is < 1 or > 100 || b.MaxAttempts is < 1 or > 10 || b.ResitAfterDays is < 0 or > 730)
            {
                errors.Add($"$.blueprints[{i}]", "Time limit 1 to 600 minutes, pass mark 1 to 100 per cent, 1 to 10 attempts, 0 to 730 days before a resit.");
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        if (data.Items is { Count: > 0 } items)
        {
            var result = await bank.SaveAllAsync(items.Select(Draft).ToList(), "recipe", ct);
            if (!result.Succeeded)
            {
                throw new RecipeStepException($"$.items[{result.Errors[0].Row - 1}]", result.Errors[0].Message);
            }
        }

        var programmes = await enrolments.ProgrammesAsync(ct);
        var blueprints = data.Blueprints ?? [];
        for (var i = 0; i < blueprints.Count; i++)
        {
            var b = blueprints[i];
            var programme = programmes.FirstOrDefault(p => p.Name == b.Programme) ?? throw new RecipeStepException($"$.blueprints[{i}].programme", $"There is no programme called '{b.Programme}'.");
            var blueprint = await context.Db.Set<Blueprint>().SingleOrDefaultAsync(x => x.ProgrammeId == programme.Id, ct);
            if (blueprint is null)
            {
                blueprint = new Blueprint { Id = ids.NewId(), ProgrammeId = programme.Id, Rules = "" };
                context.Db.Add(blueprint);
            }

            blueprint.Rules = string.Join(';', b.Groups.Select(g => $"{g.Key}={g.Value}"));
            blueprint.TimeLimitMinutes = b.TimeLimitMinutes;
            blueprint.PassMarkPercent = b.PassMarkPercent;
            blueprint.ShuffleItems = b.ShuffleItems;
            blueprint.ShuffleOptions = b.ShuffleOptions;
            blueprint.MaxAttempts = b.MaxAttempts;
            blueprint.ResitAfterDays = b.ResitAfterDays;
            await context.Db.SaveChangesAsync(ct);
        }
    }
}
