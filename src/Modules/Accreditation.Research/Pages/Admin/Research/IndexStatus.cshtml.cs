using Accreditation.Core.Data;
using Accreditation.Research.Indexing;
using Accreditation.Research.Library;
using Accreditation.Research.Semantic;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Pages.Admin.Research;

/// <summary>This node's index: documents, tasks waiting, when it last applied changes; a rebuild on request.</summary>
[Authorize(Policy = "Permission:" + Permissions.EditLibrary)]
public sealed class IndexStatusModel(ResearchIndex index, AccreditationDbContext db, SemanticModel model) : PageModel
{
    /// <summary>Why search by meaning is off (null when it is on).</summary>
    public string? MeaningOff { get; private set; }

    /// <summary>Items whose embeddings are in place (search by meaning finds only these).</summary>
    public int Embedded { get; private set; }

    /// <summary>Documents in this node's index.</summary>
    public int Documents { get; private set; }

    /// <summary>Published items in the database.</summary>
    public int Published { get; private set; }

    /// <summary>Index tasks this node has not applied yet.</summary>
    public int Queue { get; private set; }

    /// <summary>When this node last applied changes.</summary>
    public DateTimeOffset? LastIndexedAt { get; private set; }

    /// <summary>Whether a rebuild is pending or running, and why.</summary>
    public string? Rebuild { get; private set; }

    /// <summary>Shows the status.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        index.EnsureOpen();
        Documents = index.Count;
        Published = await db.Set<ResearchItem>().CountAsync(i => i.IsPublished, ct);
        var checkpoint = index.Checkpoint;
        Queue = await db.Set<IndexTask>().CountAsync(t => t.Id > checkpoint, ct);
        LastIndexedAt = index.LastIndexedAt;
        MeaningOff = model.Problem;
        Embedded = MeaningOff is null ? index.Vectors.Count : 0;
        Rebuild = index.NeedsRebuild ? index.RebuildReason ?? "needed" : index.RebuildRequested ? "asked for" : null;
    }

    /// <summary>Asks the worker to rebuild the index from the database.</summary>
    public IActionResult OnPost()
    {
        index.RequestRebuild();
        TempData["ResearchMessage"] = "The index will be rebuilt in the background; search keeps working meanwhile.";
        return RedirectToPage("/Admin/Research/IndexStatus");
    }
}
