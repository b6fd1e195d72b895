using Accreditation.Core.Recipes;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Programmes;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Recipes;

/// <summary>
/// The "programmes" step: adds accreditation programmes on published frameworks, with their assessment windows.
/// A programme or window that exists (by name) is left as it is, so running the step again changes nothing.
/// </summary>
public sealed class ProgrammesStep(ProgrammeCatalog catalog) : RecipeStep<ProgrammesStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyList<ProgrammeData> Programmes);

    /// <summary>One programme: its name, the framework key (and version; the current one when left out), its windows, how many
    /// years an accreditation stays valid (3 when left out; 0: does not lapse) and whether renewal needs each year's CPD.</summary>
    public sealed record ProgrammeData(
        string Name,
        string Framework,
        int? FrameworkVersion = null,
        IReadOnlyList<WindowData>? Windows = null,
        int? ValidYears = null,
        bool? RenewalRequiresCpd = null);

    /// <summary>One window: name, first and last day (YYYY-MM-DD) and places.</summary>
    public sealed record WindowData(string Name, DateOnly Opens, DateOnly Closes, int Capacity);

    /// <inheritdoc />
    public override string Name => "programmes";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < data.Programmes.Count; i++)
        {
            var programme = data.Programmes[i];
            if (string.IsNullOrWhiteSpace(programme.Name) || programme.Name.Length > PortfoliosModel.NameLength)
            {
                errors.Add($"$.programmes[{i}].name", $"A programme needs a name of 1 to {PortfoliosModel.NameLength} characters.");
            }
            else if (!names.Add(programme.Name))
            {
                errors.Add($"$.programmes[{i}].name", $"The programme '{programme.Name}' is listed more than once.");
            }

            if (string.IsNullOrWhiteSpace(programme.Framework))
            {
                errors.Add($"$.programmes[{i}].framework", "Name the framework by its key, e.g. \"practice-leader\".");
            }

            if (programme.ValidYears is < 0 or > 20)
            {
                errors.Add($"$.programmes[{i}].validYears", "An accreditation is valid for 0 (does not lapse) to 20 years.");
            }

            var windows = programme.Windows ?? [];
            var windowNames = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < windows.Count; j++)
            {
                var window = windows[j];
                var path = $"$.programmes[{i}].windows[{j}]";
                if (string.IsNullOrWhiteSpace(window.Name) || window.Name.Length > PortfoliosModel.NameLength || !windowNames.Add(window.Name))
                {
                    errors.Add($"{path}.name", "Each window needs a name of its own, 1 to 200 characters.");
                }

                if (window.Closes < window.Opens)
                {
                    errors.Add($"{path}.closes", "A window must close on or after the day it opens.");
                }

                if (window.Capacity < 1)
                {
                    errors.Add($"{path}.capacity", "A window needs at least one place.");
                }
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        for (var i = 0; i < data.Programmes.Count; i++)
        {
            var item = data.Programmes[i];
            var programme = await context.Db.Set<Programme>().Include(p => p.Windows).SingleOrDefaultAsync(p => p.Name == item.Name, ct);
            if (programme is null)
            {
                var (created, error) = await catalog.AddProgrammeAsync(item.Name, item.Framework, item.FrameworkVersion, ct);
                programme = created ?? throw new RecipeStepException($"$.programmes[{i}].framework", error!);
                programme.AccreditationValidYears = item.ValidYears ?? programme.AccreditationValidYears;
                programme.RenewalRequiresCpd = item.RenewalRequiresCpd ?? programme.RenewalRequiresCpd;
            }

            foreach (var window in item.Windows ?? [])
            {
                if (!programme.Windows.Any(w => w.Name == window.Name))
                {
                    catalog.AddWindow(programme, window.Name, window.Opens, window.Closes, window.Capacity);
                }
            }

            await context.Db.SaveChangesAsync(ct);
        }
    }
}
