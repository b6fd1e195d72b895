using Accreditation.Core.Recipes;
using Accreditation.Marking.Decisions;
using Accreditation.Marking.Rubrics;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;

namespace Accreditation.Marking.Recipes;

/// <summary>
/// The "decision-rules" step: a programme's decision rule, by the programme's name, with the components the award
/// requires beside the portfolio (e.g. "knowledge-assessment"). Values left out keep the rule in force. A rule that
/// already holds the values is left alone, so running the step again adds no version.
/// </summary>
public sealed class DecisionRulesStep(DecisionRules rules, RubricCatalog rubrics, AwardComponents components, IProgrammeDirectory programmes) : RecipeStep<DecisionRulesStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyList<RuleData> Rules);

    /// <summary>One programme's rule.</summary>
    public sealed record RuleData(string Programme, IReadOnlyList<string>? Components = null, int? MinimumLevel = null, int? StatementsAllowedBelow = null,
        int? SamplePercent = null, int? Tolerance = null, int? AppealDays = null);

    /// <inheritdoc />
    public override string Name => "decision-rules";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        var available = components.Available.Select(a => a.Key).Append(AwardComponents.PortfolioKey).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < data.Rules.Count; i++)
        {
            var rule = data.Rules[i];
            if (string.IsNullOrWhiteSpace(rule.Programme))
            {
                errors.Add($"$.rules[{i}].programme", "Name the programme.");
            }

            foreach (var unknown in (rule.Components ?? []).Where(c => !available.Contains(c)))
            {
                errors.Add($"$.rules[{i}].components", $"There is no component '{unknown}'; the components are {string.Join(", ", available.Order(StringComparer.Ordinal))}.");
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        var all = await programmes.ListAsync(ct);
        var available = components.Available.Select(a => a.Key).ToList();
        for (var i = 0; i < data.Rules.Count; i++)
        {
            var given = data.Rules[i];
            var programme = all.FirstOrDefault(p => p.Name == given.Programme)
                ?? throw new RecipeStepException($"$.rules[{i}].programme", $"There is no programme called '{given.Programme}'.");
            var current = await rules.CurrentAsync(programme.Id, ct);
            var input = new DecisionRuleInput(
                given.MinimumLevel ?? current.MinimumLevel,
                given.StatementsAllowedBelow ?? current.StatementsAllowedBelow,
                given.SamplePercent ?? current.SamplePercent,
                given.Tolerance ?? current.Tolerance,
                given.AppealDays ?? current.AppealDays,
                given.Components ?? current.ComponentKeys());
            var levels = (await rubrics.ForVersionAsync(programme.FrameworkVersionId, ct)).Levels.Count;
            var validation = new DecisionRuleInputValidator(levels, available).Validate(input);
            if (!validation.IsValid)
            {
                throw new RecipeStepException($"$.rules[{i}]", validation.Errors[0].ErrorMessage);
            }

            if (!DecisionRules.Holds(current, input))
            {
                await rules.AddVersionAsync(programme.Id, input, null, ct);
                await context.Db.SaveChangesAsync(ct);
            }
        }
    }
}
