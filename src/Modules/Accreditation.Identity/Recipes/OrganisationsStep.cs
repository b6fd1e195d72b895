using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Identity.Organisations;

namespace Accreditation.Identity.Recipes;

/// <summary>
/// The "organisations" step: adds local authorities, the Chief Social Worker's office and other organisations, or
/// updates them matched by code. Applying it again changes nothing.
/// </summary>
public sealed class OrganisationsStep(OrganisationImport import) : RecipeStep<OrganisationsStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyList<OrganisationData> Organisations);

    /// <summary>One organisation: its ONS code (or short code), name, kind (default LocalAuthority) and region.</summary>
    public sealed record OrganisationData(string Code, string Name, OrganisationKind Kind = OrganisationKind.LocalAuthority, EnglishRegion? Region = null);

    /// <inheritdoc />
    public override string Name => "organisations";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < data.Organisations.Count; i++)
        {
            var item = data.Organisations[i];
            var path = $"$.organisations[{i}]";
            OrganisationRules.Check(new OrganisationDetails(item.Name, item.Code, item.Kind, item.Region),
                (field, message) => errors.Add($"{path}.{char.ToLowerInvariant(field[0])}{field[1..]}", message + "."));
            if (!seen.Add(OrganisationRules.NormaliseCode(item.Code)))
            {
                errors.Add($"{path}.code", $"The code {item.Code} appears more than once.");
            }
        }
    }

    /// <inheritdoc />
    protected override Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct) =>
        import.ApplyAsync(data.Organisations.Select(o => new OrganisationDetails(o.Name, o.Code, o.Kind, o.Region)).ToList(), "recipe", ct);
}
