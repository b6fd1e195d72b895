using System.Globalization;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Research.Library;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Pages.Admin.Research.Items;

/// <summary>Adds or edits a library item; saving writes its index task in the same transaction.</summary>
[Authorize(Policy = "Permission:" + Permissions.EditLibrary)]
public sealed class EditModel(AccreditationDbContext db, ResearchLibrary library) : PageModel
{
    /// <summary>The item's id (null for a new item).</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    /// <summary>The form.</summary>
    [BindProperty]
    public ItemForm Form { get; set; } = new();

    /// <summary>Topics to choose from.</summary>
    public IReadOnlyList<ResearchTopic> Topics { get; private set; } = [];

    /// <summary>Evidence levels to choose from.</summary>
    public IReadOnlyList<EvidenceLevel> Levels { get; private set; } = [];

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        if (Id is null)
        {
            return Page();
        }

        var item = await db.Set<ResearchItem>().AsNoTracking().Include(i => i.Topics).FirstOrDefaultAsync(i => i.Id == Id, ct);
        if (item is null)
        {
            return NotFound();
        }

        Form = ItemForm.From(item);
        return Page();
    }

    /// <summary>Saves, or shows what is wrong next to each field.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        new ItemFormValidator().Validate(Form).ToFormErrors().AddTo(ModelState, nameof(Form));
        var year = ItemFormValidator.Year(Form.Year);
        var doi = ResearchLibrary.NormaliseDoi(Form.Doi);
        await CheckDoiIsFreeAsync(doi, ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var item = Id is null ? new ResearchItem() : await FindForEditAsync(ct);
        if (item is null)
        {
            return NotFound();
        }

        CopyForm(item, year, doi);
        await SetTopicsAsync(item, ct);
        if (Id is null)
        {
            library.Add(item);
        }
        else
        {
            library.Changed(item);
        }

        await db.SaveChangesAsync(ct);
        TempData["ResearchMessage"] = $"Saved ‘{item.Title}’. Search shows the change within a few seconds.";
        return RedirectToPage("/Admin/Research/Index");
    }

    /// <summary>Deletes the item.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        var item = await db.Set<ResearchItem>().FirstOrDefaultAsync(i => i.Id == Id, ct);
        if (item is null)
        {
            return NotFound();
        }

        db.Entry(item).Property(i => i.Version).OriginalValue = Form.Version;
        library.Remove(item);
        await db.SaveChangesAsync(ct);
        TempData["ResearchMessage"] = $"Deleted ‘{item.Title}’.";
        return RedirectToPage("/Admin/Research/Index");
    }

    private async Task CheckDoiIsFreeAsync(string doi, CancellationToken ct)
    {
        if (doi.Length > 0 && await db.Set<ResearchItem>().AnyAsync(i => i.Doi == doi && i.Id != Id, ct))
        {
            ModelState.AddModelError("Form.Doi", "Another item already has this DOI");
        }
    }

    /// <summary>The item being edited with its topics, held to the version the editor started from; null if it is gone.</summary>
    private async Task<ResearchItem?> FindForEditAsync(CancellationToken ct)
    {
        var item = await db.Set<ResearchItem>().Include(i => i.Topics).FirstOrDefaultAsync(i => i.Id == Id, ct);
        if (item is not null)
        {
            db.Entry(item).Property(i => i.Version).OriginalValue = Form.Version;
        }

        return item;
    }

    private void CopyForm(ResearchItem item, int? year, string doi)
    {
        item.Title = Form.Title!.Trim();
        item.Authors = Form.Authors?.Trim() ?? "";
        item.Year = year;
        item.Source = Form.Source?.Trim() ?? "";
        item.Type = Form.Type;
        item.Abstract = Form.Abstract?.Trim() ?? "";
        item.FullText = Form.FullText ?? "";
        item.KssStatements = (Form.KssStatements ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        item.EvidenceLevelId = Levels.Any(l => l.Id == Form.EvidenceLevelId) ? Form.EvidenceLevelId : null;
        item.Access = Form.Access;
        item.Link = Form.Link?.Trim() ?? "";
        item.Doi = doi;
        item.IsPublished = Form.Published;
    }

    /// <summary>Keeps the item's topics to those chosen (and still existing), adding the new ones.</summary>
    private async Task SetTopicsAsync(ResearchItem item, CancellationToken ct)
    {
        var chosen = Topics.Where(t => Form.TopicIds.Contains(t.Id)).Select(t => t.Id).ToHashSet();
        item.Topics.RemoveAll(t => !chosen.Contains(t.Id));
        foreach (var topic in await db.Set<ResearchTopic>().Where(t => chosen.Contains(t.Id)).ToListAsync(ct))
        {
            if (!item.Topics.Any(t => t.Id == topic.Id))
            {
                item.Topics.Add(topic);
            }
        }
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        Topics = await db.Set<ResearchTopic>().AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        Levels = await db.Set<EvidenceLevel>().AsNoTracking().OrderBy(l => l.Rank).ThenBy(l => l.Name).ToListAsync(ct);
    }

    /// <summary>What the form posts.</summary>
    public sealed class ItemForm
    {
        /// <summary>Title.</summary>
        public string? Title { get; set; }

        /// <summary>Authors.</summary>
        public string? Authors { get; set; }

        /// <summary>Year as typed.</summary>
        public string? Year { get; set; }

        /// <summary>Publisher or source.</summary>
        public string? Source { get; set; }

        /// <summary>Type.</summary>
        public ResearchItemType Type { get; set; } = ResearchItemType.ResearchReview;

        /// <summary>Abstract.</summary>
        public string? Abstract { get; set; }

        /// <summary>Full text in Markdown.</summary>
        public string? FullText { get; set; }

        /// <summary>Chosen topics.</summary>
        public List<Guid> TopicIds { get; set; } = [];

        /// <summary>KSS statement references, separated by commas.</summary>
        public string? KssStatements { get; set; }

        /// <summary>Evidence level.</summary>
        public Guid? EvidenceLevelId { get; set; }

        /// <summary>Access.</summary>
        public ResearchAccess Access { get; set; } = ResearchAccess.Staff;

        /// <summary>Link.</summary>
        public string? Link { get; set; }

        /// <summary>DOI.</summary>
        public string? Doi { get; set; }

        /// <summary>Published.</summary>
        public bool Published { get; set; }

        /// <summary>The version the editor started from.</summary>
        public uint Version { get; set; }

        /// <summary>The form for an existing item.</summary>
        public static ItemForm From(ResearchItem item) => new()
        {
            Title = item.Title,
            Authors = item.Authors,
            Year = item.Year?.ToString(CultureInfo.InvariantCulture),
            Source = item.Source,
            Type = item.Type,
            Abstract = item.Abstract,
            FullText = item.FullText,
            TopicIds = item.Topics.Select(t => t.Id).ToList(),
            KssStatements = string.Join(", ", item.KssStatements),
            EvidenceLevelId = item.EvidenceLevelId,
            Access = item.Access,
            Link = item.Link,
            Doi = item.Doi,
            Published = item.IsPublished,
            Version = item.Version,
        };
    }
}
