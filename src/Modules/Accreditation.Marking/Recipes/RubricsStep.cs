using Accreditation.Core.Recipes;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks;
using Accreditation.Marking.Rubrics;

namespace Accreditation.Marking.Recipes;

/// <summary>
/// The "rubrics" step: a rubric per published framework version, with its grade levels (the default four when left out)
/// and per statement a descriptor for each level and guidance for markers. Running it again changes nothing.
/// </summary>
public sealed class RubricsStep(RubricCatalog rubrics, IFrameworkCatalog frameworks) : RecipeStep<RubricsStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyList<RubricData> Rubrics);

    /// <summary>One rubric: the framework key and version, the levels (lowest first), the statements.</summary>
    public sealed record RubricData(string Framework, int Version, IReadOnlyList<StatementData> Statements, IReadOnlyList<string>? Levels = null);

    /// <summary>One statement: its number, one descriptor per level, and guidance for markers.</summary>
    public sealed record StatementData(int Number, IReadOnlyList<string> Descriptors, string? Guidance = null);

    /// <inheritdoc />
    public override string Name => "rubrics";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        for (var i = 0; i < data.Rubrics.Count; i++)
        {
            var rubric = data.Rubrics[i];
            var levels = rubric.Levels is { Count: > 0 } l ? l.Count : RubricCatalog.DefaultLevels.Count;
            if (rubric.Levels is { } given && (given.Count is < 2 or > 10 || given.Any(string.IsNullOrWhiteSpace)))
            {
                errors.Add($"$.rubrics[{i}].levels", "A rubric needs 2 to 10 named levels, lowest first.");
            }

            var numbers = new HashSet<int>();
            for (var j = 0; j < rubric.Statements.Count; j++)
            {
                var statement = rubric.Statements[j];
                if (!numbers.Add(statement.Number))
                {
                    errors.Add($"$.rubrics[{i}].statements[{j}].number", $"Statement {statement.Number} is listed more than once.");
                }

                if (statement.Descriptors.Count != levels || statement.Descriptors.Any(string.IsNullOrWhiteSpace))
                {
                    errors.Add($"$.rubrics[{i}].statements[{j}].descriptors", $"Give one descriptor for each of the {levels} levels.");
                }
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        for (var i = 0; i < data.Rubrics.Count; i++)
        {
            var rubric = data.Rubrics[i];
            var version = await frameworks.GetVersionAsync(rubric.Framework, rubric.Version, ct)
                ?? throw new RecipeStepException($"$.rubrics[{i}].version", $"Version {rubric.Version} of '{rubric.Framework}' is not published.");
            var unknown = rubric.Statements.Select(s => s.Number).Except(version.Statements.Select(s => s.Number)).ToList();
            if (unknown.Count > 0)
            {
                throw new RecipeStepException($"$.rubrics[{i}].statements", $"'{rubric.Framework}' version {rubric.Version} has no statement {string.Join(", ", unknown)}.");
            }

            await rubrics.ImportAsync(version.Id, version.Key, version.Number,
                new RubricInput(rubric.Framework, rubric.Version, rubric.Levels, rubric.Statements.Select(s => new StatementRubricInput(s.Number, s.Descriptors, s.Guidance)).ToList()), ct);
        }
    }
}
