using Accreditation.Core.Data;
using Accreditation.Marking.Data;
using Accreditation.Marking.Rubrics;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Marking.Pages.Admin.Marking;

/// <summary>Each programme's decision rule in force, and the rubrics imported per framework version.</summary>
[Authorize(Policy = Permissions.ManageRulesPolicy)]
public sealed class IndexModel(IProgrammeDirectory programmes, DecisionRules rules, RubricCatalog rubrics, Decisions.AwardComponents components, Accreditation.Frameworks.Contracts.IFrameworkCatalog frameworks) : PageModel
{
    /// <summary>Each rubric's framework name, by rubric id.</summary>
    public IReadOnlyDictionary<Guid, string> FrameworkNames { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>A component's name by key.</summary>
    public string NameOf(string key) => components.NameOf(key);

    /// <summary>Programmes with their current rule.</summary>
    public IReadOnlyList<(ProgrammeSummary Programme, DecisionRule Rule)> Rows { get; private set; } = [];

    /// <summary>The rubrics.</summary>
    public IReadOnlyList<Rubric> Rubrics { get; private set; } = [];

    /// <summary>Shows them.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var list = new List<(ProgrammeSummary, DecisionRule)>();
        foreach (var p in await programmes.ListAsync(ct))
        {
            list.Add((p, await rules.CurrentAsync(p.Id, ct)));
        }

        Rows = list;
        Rubrics = await rubrics.ListAsync(ct);
        var names = new Dictionary<Guid, string>();
        foreach (var rubric in Rubrics)
        {
            names[rubric.Id] = (await frameworks.GetVersionAsync(rubric.FrameworkVersionId, ct))?.Name ?? rubric.FrameworkKey;
        }

        FrameworkNames = names;
    }
}
