using Accreditation.Marking.Data;
using Accreditation.Marking.Work;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Marking.Pages.Marking;

/// <summary>The assessor's list of portfolios allocated to them, by candidate number.</summary>
[Authorize(Policy = Permissions.MarkPolicy)]
public sealed class IndexModel(MarkingWork work) : PageModel
{
    /// <summary>The assessor's markings.</summary>
    public IReadOnlyList<AssessorMarking> Rows { get; private set; } = [];

    /// <summary>Shows the list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => Rows = await work.MarkingsOfAsync(User.UserId(), ct);
}
