using Accreditation.Frameworks.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Frameworks.Pages.Frameworks;

/// <summary>The public list of published frameworks.</summary>
[AllowAnonymous]
public sealed class IndexModel(IFrameworkCatalog catalog) : PageModel
{
    /// <summary>The published frameworks.</summary>
    public IReadOnlyList<FrameworkSummary> Frameworks { get; private set; } = [];

    /// <summary>Shows the list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => Frameworks = await catalog.ListAsync(ct);
}
