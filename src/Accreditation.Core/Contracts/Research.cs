using System.Globalization;
using System.Security.Claims;

namespace Accreditation.Core.Contracts;

/// <summary>A practice-research library item another module shows (on a statement page, beside a portfolio).</summary>
/// <param name="Title">The item's title (plain text: encode it when rendering).</param>
/// <param name="Path">The site path of the item's page, e.g. "/research/items/{id}".</param>
/// <param name="Year">Year of publication, or null.</param>
/// <param name="Kind">What kind of publication it is, as people name it ("Practice guide").</param>
public sealed record StatementResource(string Title, string Path, int? Year, string Kind);

/// <summary>The research library items for one KSS statement, as far as the viewer may see them.</summary>
/// <param name="Total">How many items the viewer may see are tagged with the statement.</param>
/// <param name="Items">The first few of them, newest first.</param>
/// <param name="SearchPath">The site path of the library search listing all of them.</param>
public sealed record StatementResources(int Total, IReadOnlyList<StatementResource> Items, string SearchPath);

/// <summary>
/// The research library as other modules see it: items tagged with a KSS statement, and items like a piece of text
/// ("find research like this"). The Research module registers the implementation; callers resolve it optionally and
/// show nothing when it is absent. Every answer respects what the viewer may see.
/// </summary>
public interface IStatementResources
{
    /// <summary>Items tagged with the statement (framework key and statement number).</summary>
    Task<StatementResources> ForStatementAsync(string frameworkKey, int statementNumber, ClaimsPrincipal viewer, int count = 5, CancellationToken ct = default);

    /// <summary>Items like the text (a statement's description, a reflection), best first.</summary>
    Task<IReadOnlyList<StatementResource>> LikeTextAsync(string text, ClaimsPrincipal viewer, int count = 5, CancellationToken ct = default);
}

/// <summary>How library items name KSS statements: the framework key's initials and the statement number ("PL-3").</summary>
public static class KssCodes
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "and", "of", "the", "for" };

    /// <summary>
    /// The code of a statement: "practice-leader" statement 3 is "PL-3", "practice-supervisor" 5 is "PS-5",
    /// "child-and-family-practitioner" 2 is "CFP-2".
    /// </summary>
    public static string Of(string frameworkKey, int statementNumber)
    {
        var initials = string.Concat(frameworkKey.Split(['-', '_', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !Skipped.Contains(w))
            .Select(w => char.ToUpperInvariant(w[0])));
        return $"{initials}-{statementNumber.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The forms an item may be tagged with: "PL-3" and "PL3".</summary>
    public static IReadOnlyList<string> Variants(string frameworkKey, int statementNumber)
    {
        var code = Of(frameworkKey, statementNumber);
        return [code, code.Replace("-", "", StringComparison.Ordinal)];
    }
}
