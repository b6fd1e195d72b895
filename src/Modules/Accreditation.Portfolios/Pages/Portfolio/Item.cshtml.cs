using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Forms;
using Accreditation.Core.Text;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>
/// Edits one evidence item: its text (Markdown, with a preview), the statements it evidences with a rationale for each.
/// A small script autosaves the draft every few seconds and when the page is hidden; without it the Save button does
/// the same. A save from a stale form (another tab saved first) answers 409 and keeps the person's text on the page.
/// </summary>
public sealed class ItemModel(CandidatePortfolio portfolios, EvidenceEditor editor, AccreditationDbContext db, TimeProvider clock) : PortfolioPageModel(portfolios)
{
    /// <summary>One statement's checkbox and rationale.</summary>
    public sealed class MappingField
    {
        /// <summary>The statement.</summary>
        public Guid StatementId { get; set; }

        /// <summary>Whether the item evidences it.</summary>
        public bool Selected { get; set; }

        /// <summary>Why.</summary>
        public string? Rationale { get; set; }
    }

    /// <summary>The item as saved.</summary>
    public EvidenceItem Item { get; private set; } = null!;

    /// <summary>Title.</summary>
    [BindProperty]
    public string? Title { get; set; }

    /// <summary>Text (Markdown).</summary>
    [BindProperty]
    public string? Body { get; set; }

    /// <summary>The colleague's name (observation or feedback).</summary>
    [BindProperty]
    public string? ObserverName { get; set; }

    /// <summary>The colleague's role.</summary>
    [BindProperty]
    public string? ObserverRole { get; set; }

    /// <summary>The row version the form was loaded with.</summary>
    [BindProperty]
    public uint RowVersion { get; set; }

    /// <summary>Every statement of the framework, ticked or not.</summary>
    [BindProperty]
    public List<MappingField> Mappings { get; set; } = [];

    /// <summary>The rendered preview, when asked for.</summary>
    public string? PreviewHtml { get; private set; }

    /// <summary>After a conflict: the text saved by the other tab, to compare.</summary>
    public string? SavedBody { get; private set; }

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        if (!await FindAsync(id, itemId, ct))
        {
            return NotFound();
        }

        FillFromItem();
        return Page();
    }

    /// <summary>Saves (the Save button): everything is checked; goes back to the task list.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        if (!await FindAsync(id, itemId, ct))
        {
            return NotFound();
        }

        var result = await editor.SaveAsync(Portfolio, itemId, RowVersion, Draft(), autosave: false, ct);
        if (result.Succeeded)
        {
            TempData["Message"] = $"Saved: {(string.IsNullOrWhiteSpace(Title) ? Item.Title : Title.Trim())}";
            return RedirectToPage("/Portfolio/TaskList", new { id = Portfolio.Enrolment.Id });
        }

        result.Errors.AddTo(ModelState);

        if (result.IsConflict)
        {
            await ShowConflictAsync(itemId, ct);
        }

        return Page();
    }

    /// <summary>Shows the text as it will look, without saving.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        if (!await FindAsync(id, itemId, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        PreviewHtml = MarkdownText.ToHtml(Body);
        return Page();
    }

    /// <summary>The autosave script's save: JSON with the new row version, 409 on a conflict, 400 on a refused value.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        if (!await FindAsync(id, itemId, ct))
        {
            return NotFound();
        }

        var result = await editor.SaveAsync(Portfolio, itemId, RowVersion, Draft(), autosave: true, ct);
        if (result.Succeeded)
        {
            return new JsonResult(new { version = result.Version, message = $"Draft saved at {UkCalendar.Local(clock.GetUtcNow()):HH:mm:ss}" });
        }

        return new JsonResult(new { message = result.Errors[0].Message })
        {
            StatusCode = result.IsConflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
        };
    }

    /// <summary>The statement of a mapping field.</summary>
    public Accreditation.Frameworks.Contracts.PublishedStatement? StatementOf(MappingField field) => Portfolio.Statement(field.StatementId);

    private EvidenceDraft Draft() =>
        new(Title, Body, ObserverName, ObserverRole, Mappings.Select(m => new MappingDraft(m.StatementId, m.Selected, m.Rationale)).ToList());

    private async Task ShowConflictAsync(Guid itemId, CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status409Conflict;
        var current = await db.Set<EvidenceItem>().AsNoTracking().SingleAsync(i => i.Id == itemId, ct);
        SavedBody = current.Body;
        RowVersion = current.Version;
        ModelState.Remove(nameof(RowVersion));
    }

    private async Task<bool> FindAsync(Guid id, Guid itemId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Portfolio.Items.FirstOrDefault(i => i.Id == itemId) is not { } item)
        {
            return false;
        }

        Item = item;
        if (Mappings.Count == 0)
        {
            Mappings = Portfolio.Framework.Statements.Select(s => new MappingField { StatementId = s.Id }).ToList();
        }

        return true;
    }

    private void FillFromItem()
    {
        Title = Item.Title;
        Body = Item.Body;
        ObserverName = Item.ObserverName;
        ObserverRole = Item.ObserverRole;
        RowVersion = Item.Version;
        Mappings = Portfolio.Framework.Statements.Select(s =>
        {
            var mapping = Item.Mappings.FirstOrDefault(m => m.StatementId == s.Id);
            return new MappingField { StatementId = s.Id, Selected = mapping is not null, Rationale = mapping?.Rationale };
        }).ToList();
    }
}
