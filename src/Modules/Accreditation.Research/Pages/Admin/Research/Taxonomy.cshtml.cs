using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Research.Library;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Pages.Admin.Research;

/// <summary>The editable topics and evidence levels; a rename or removal re-indexes the items that use them.</summary>
[Authorize(Policy = "Permission:" + Permissions.EditLibrary)]
public sealed class TaxonomyModel(AccreditationDbContext db, ResearchLibrary library) : PageModel
{
    /// <summary>Topics.</summary>
    public IReadOnlyList<ResearchTopic> Topics { get; private set; } = [];

    /// <summary>Evidence levels, strongest first.</summary>
    public IReadOnlyList<EvidenceLevel> Levels { get; private set; } = [];

    /// <summary>Shows both lists.</summary>
    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>Adds a topic.</summary>
    public async Task<IActionResult> OnPostAddTopicAsync(string? name, CancellationToken ct)
    {
        name = name?.Trim();
        if (await CheckTopicAsync("name", name, null, ct))
        {
            db.Set<ResearchTopic>().Add(new ResearchTopic { Id = library.NewId(), Name = name! });
            await db.SaveChangesAsync(ct);
            return Done($"Added the topic ‘{name}’.");
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Renames a topic.</summary>
    public async Task<IActionResult> OnPostRenameTopicAsync(Guid id, string? name, CancellationToken ct)
    {
        var topic = await db.Set<ResearchTopic>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (topic is null)
        {
            return NotFound();
        }

        name = name?.Trim();
        if (await CheckTopicAsync($"topic-{id}", name, id, ct))
        {
            topic.Name = name!;
            await library.TopicChangedAsync(id, ct);
            await db.SaveChangesAsync(ct);
            return Done($"Renamed the topic to ‘{name}’.");
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Removes a topic from the taxonomy and from every item.</summary>
    public async Task<IActionResult> OnPostDeleteTopicAsync(Guid id, CancellationToken ct)
    {
        var topic = await db.Set<ResearchTopic>().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (topic is null)
        {
            return NotFound();
        }

        await library.TopicChangedAsync(id, ct);
        db.Set<ResearchTopic>().Remove(topic);
        await db.SaveChangesAsync(ct);
        return Done($"Removed the topic ‘{topic.Name}’.");
    }

    /// <summary>Adds an evidence level.</summary>
    public async Task<IActionResult> OnPostAddLevelAsync(string? name, string? description, int rank, CancellationToken ct)
    {
        name = name?.Trim();
        if (await CheckLevelAsync("levelName", name, null, ct))
        {
            db.Set<EvidenceLevel>().Add(new EvidenceLevel { Id = library.NewId(), Name = name!, Description = description?.Trim() ?? "", Rank = rank });
            await db.SaveChangesAsync(ct);
            return Done($"Added the evidence level ‘{name}’.");
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Changes an evidence level.</summary>
    public async Task<IActionResult> OnPostUpdateLevelAsync(Guid id, string? name, string? description, int rank, CancellationToken ct)
    {
        var level = await db.Set<EvidenceLevel>().FirstOrDefaultAsync(l => l.Id == id, ct);
        if (level is null)
        {
            return NotFound();
        }

        name = name?.Trim();
        if (await CheckLevelAsync($"level-{id}", name, id, ct))
        {
            var renamed = level.Name != name;
            level.Name = name!;
            level.Description = description?.Trim() ?? "";
            level.Rank = rank;
            if (renamed)
            {
                await library.EvidenceLevelChangedAsync(id, ct);
            }

            await db.SaveChangesAsync(ct);
            return Done($"Saved the evidence level ‘{name}’.");
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Removes an evidence level (items at that level become "not assessed").</summary>
    public async Task<IActionResult> OnPostDeleteLevelAsync(Guid id, CancellationToken ct)
    {
        var level = await db.Set<EvidenceLevel>().FirstOrDefaultAsync(l => l.Id == id, ct);
        if (level is null)
        {
            return NotFound();
        }

        await library.EvidenceLevelChangedAsync(id, ct);
        db.Set<EvidenceLevel>().Remove(level);
        await db.SaveChangesAsync(ct);
        return Done($"Removed the evidence level ‘{level.Name}’.");
    }

    private RedirectToPageResult Done(string message)
    {
        TempData["ResearchMessage"] = message;
        return RedirectToPage("/Admin/Research/Taxonomy");
    }

    private async Task<bool> CheckTopicAsync(string field, string? name, Guid? id, CancellationToken ct)
    {
        var errors = TaxonomyNameValidator.Topic.Validate(new TaxonomyNameInput(field, name)).ToFormErrors();
        if (errors.Count == 0 && await db.Set<ResearchTopic>().AnyAsync(t => t.Name == name && t.Id != id, ct))
        {
            errors.Add(field, $"There is already a topic called ‘{name}’");
        }

        errors.AddTo(ModelState);
        return ModelState.IsValid;
    }

    private async Task<bool> CheckLevelAsync(string field, string? name, Guid? id, CancellationToken ct)
    {
        var errors = TaxonomyNameValidator.EvidenceLevel.Validate(new TaxonomyNameInput(field, name)).ToFormErrors();
        if (errors.Count == 0 && await db.Set<EvidenceLevel>().AnyAsync(l => l.Name == name && l.Id != id, ct))
        {
            errors.Add(field, $"There is already an evidence level called ‘{name}’");
        }

        errors.AddTo(ModelState);
        return ModelState.IsValid;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Topics = await db.Set<ResearchTopic>().AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        Levels = await db.Set<EvidenceLevel>().AsNoTracking().OrderBy(l => l.Rank).ThenBy(l => l.Name).ToListAsync(ct);
    }
}
