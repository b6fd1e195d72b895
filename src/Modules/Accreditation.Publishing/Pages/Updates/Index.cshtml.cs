using Accreditation.Core.Data;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Updates;

/// <summary>The published practice updates the reader's audience allows, newest first.</summary>
[AllowAnonymous]
public sealed class IndexModel(AccreditationDbContext db) : PageModel
{
    /// <summary>What the reader may see.</summary>
    public IReadOnlyList<PracticeUpdate> Items { get; private set; } = [];

    /// <summary>Loads the list.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var reader = Reader.From(User);
        Items = (await db.Set<PracticeUpdate>().AsNoTracking()
                .Where(u => u.Kind == PublicationKind.Update && u.Status == PublicationStatus.Published)
                .ToListAsync(ct))
            .Where(reader.MayRead)
            .OrderByDescending(u => u.PublishedAt)
            .ToList();
    }
}
