using Accreditation.Core.Recipes;
using Accreditation.Frameworks.Documents;

namespace Accreditation.Frameworks.Recipes;

/// <summary>
/// The "frameworks" step: adds framework versions (the Knowledge and Skills Statements). Running it again changes
/// nothing; a version that exists with different content is refused, because versions never change.
/// </summary>
public sealed class FrameworksStep(FrameworkImport import) : RecipeStep<FrameworksStep.Data>
{
    /// <summary>Step data: framework versions in the shape of an export.</summary>
    public sealed record Data(IReadOnlyList<FrameworkDocument> Frameworks);

    /// <inheritdoc />
    public override string Name => "frameworks";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        if (data.Frameworks.Count == 0)
        {
            errors.Add("$.frameworks", "List at least one framework version.");
        }

        var seen = new HashSet<(string, int)>();
        for (var i = 0; i < data.Frameworks.Count; i++)
        {
            var document = data.Frameworks[i];
            FrameworkDocumentRules.Check(document, $"$.frameworks[{i}]", errors.Add);
            if (!seen.Add((document.Key, document.Version)))
            {
                errors.Add($"$.frameworks[{i}].version", $"Version {document.Version} of '{document.Key}' is listed more than once.");
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        for (var i = 0; i < data.Frameworks.Count; i++)
        {
            var result = await import.ApplyAsync(data.Frameworks[i], $"$.frameworks[{i}]", ct);
            if (!result.Succeeded)
            {
                throw new RecipeStepException(result.Errors[0].Path, result.Errors[0].Message);
            }

            // Saved per entry (inside the recipe's transaction) so a later entry sees an earlier one's framework.
            await context.Db.SaveChangesAsync(ct);
        }
    }
}
