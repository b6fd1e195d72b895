using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks;

namespace Accreditation.Cpd.Records;

/// <summary>A KSS statement a record can be linked to.</summary>
/// <param name="Id">The published statement's id.</param>
/// <param name="Code">e.g. "PL3".</param>
/// <param name="Label">e.g. "PL3: Design systems that support excellent practice".</param>
/// <param name="Framework">The framework's name.</param>
public sealed record StatementOption(Guid Id, string Code, string Label, string Framework);

/// <summary>The statements of every framework's current version, with short codes ("practice-leader" statement 3 is "PL3").</summary>
public sealed class StatementOptions(IFrameworkCatalog catalog)
{
    private IReadOnlyList<StatementOption>? all;

    /// <summary>Every current statement, framework by framework.</summary>
    public async Task<IReadOnlyList<StatementOption>> AllAsync(CancellationToken ct)
    {
        if (all is not null)
        {
            return all;
        }

        var options = new List<StatementOption>();
        foreach (var framework in await catalog.ListAsync(ct))
        {
            if (await catalog.GetCurrentAsync(framework.Key, ct) is not { } version)
            {
                continue;
            }

            var prefix = CodeOf(framework.Key);
            options.AddRange(version.Statements.OrderBy(s => s.Number).Select(s => new StatementOption(s.Id, $"{prefix}{s.Number}", $"{prefix}{s.Number}: {s.Title}", framework.Name)));
        }

        return all = options;
    }

    /// <summary>"PL" for "practice-leader": the initials of the key's words.</summary>
    public static string CodeOf(string key) =>
        string.Concat(key.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0])));
}
