using Accreditation.Core.Contracts;
using Accreditation.Frameworks.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Frameworks.Pages.Frameworks;

/// <summary>A framework's published statements: the current version (Version.cshtml) or one by number (VersionByNumber.cshtml). Drafts are never shown.</summary>
[AllowAnonymous]
public sealed class VersionModel(IFrameworkCatalog catalog, IEnumerable<IStatementResources> research) : PageModel
{
    /// <summary>The version shown.</summary>
    public PublishedVersion? Version { get; private set; }

    /// <summary>Every published version of the framework, newest first.</summary>
    public IReadOnlyList<PublishedVersionSummary> Versions { get; private set; } = [];

    /// <summary>Research library items tagged with each statement, by statement number (empty without the library).</summary>
    public IReadOnlyDictionary<int, StatementResources> Research { get; private set; } = new Dictionary<int, StatementResources>();

    /// <summary>Shows the version, or 404.</summary>
    public async Task<IActionResult> OnGetAsync(string key, int? number, CancellationToken ct)
    {
        Version = number is null ? await catalog.GetCurrentAsync(key, ct) : await catalog.GetVersionAsync(key, number.Value, ct);
        if (Version is null)
        {
            return NotFound();
        }

        Versions = await catalog.ListVersionsAsync(key, ct);
        if (research.FirstOrDefault() is { } library)
        {
            var found = new Dictionary<int, StatementResources>();
            foreach (var statement in Version.Statements)
            {
                found[statement.Number] = await library.ForStatementAsync(Version.Key, statement.Number, User, 3, ct);
            }

            Research = found;
        }

        return Page();
    }
}
