using Accreditation.Core.Contracts;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Search;
using Accreditation.Publishing.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Publishing.Pages.Search;

/// <summary>
/// The site's one search box: pages, practice updates and research items, each group as far as the person may see
/// it (research through the library's own contract, <see cref="IStatementResources"/>; the full library search is linked).
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(PublicationSearch publications, IEnumerable<IStatementResources> research) : PageModel
{
    /// <summary>How many research items are shown here; the library's search lists the rest.</summary>
    public const int ResearchShown = 5;

    /// <summary>What was typed.</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    /// <summary>Pages found.</summary>
    public IReadOnlyList<PublicationHit> PagesFound { get; private set; } = [];

    /// <summary>Practice updates found.</summary>
    public IReadOnlyList<PublicationHit> UpdatesFound { get; private set; } = [];

    /// <summary>Research items found, null when the research library is not part of the site.</summary>
    public IReadOnlyList<StatementResource>? ResearchFound { get; private set; }

    /// <summary>Searches.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        Q = Q?.Trim();
        if (string.IsNullOrEmpty(Q))
        {
            return;
        }

        if (Q.Length > 200)
        {
            Q = Q[..200];
        }

        var hits = await publications.SearchAsync(Q, Reader.From(User), ct);
        PagesFound = hits.Where(h => h.Kind == PublicationKind.Page).ToList();
        UpdatesFound = hits.Where(h => h.Kind == PublicationKind.Update).ToList();
        if (research.FirstOrDefault() is { } library)
        {
            ResearchFound = await library.LikeTextAsync(Q, User, ResearchShown, ct);
        }
    }
}
