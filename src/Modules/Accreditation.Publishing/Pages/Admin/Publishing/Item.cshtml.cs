using Accreditation.Core.Data;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Admin.Publishing;

/// <summary>One item: its preview, the workflow actions open to it, its history and versions.</summary>
[Authorize(Policy = Permissions.AreaPolicy)]
public sealed class ItemModel(AccreditationDbContext db, PublishingWorkflow workflow, MarkdownRenderer markdown, TimeProvider clock) : PageModel
{
    /// <summary>The item.</summary>
    public PracticeUpdate Item { get; private set; } = null!;

    /// <summary>The body as readers will see it.</summary>
    public string PreviewHtml { get; private set; } = "";

    /// <summary>History, oldest first.</summary>
    public IReadOnlyList<PracticeUpdateEvent> History { get; private set; } = [];

    /// <summary>Saved versions, newest first.</summary>
    public IReadOnlyList<PracticeUpdateVersion> Versions { get; private set; } = [];

    /// <summary>Actions open to this Publisher now.</summary>
    public IReadOnlyList<PublicationAction> Actions { get; private set; } = [];

    /// <summary>Actions the status allows but this Publisher may not take, with why (shown instead of a button).</summary>
    public IReadOnlyList<(PublicationAction Action, string Reason)> Refused { get; private set; } = [];

    /// <summary>Whether approval by a second Publisher is required.</summary>
    public bool RequireReview => workflow.RequireReview;

    /// <summary>The action posted.</summary>
    [BindProperty]
    public PublicationAction Action { get; set; }

    /// <summary>Optional publication time (UTC), to schedule.</summary>
    [BindProperty]
    public DateTime? PublishAt { get; set; }

    /// <summary>The row version the page was loaded with.</summary>
    [BindProperty]
    public uint Version { get; set; }

    /// <summary>Shows the item.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>Applies an action, or shows why it cannot be done.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (ModelState["PublishAt"]?.Errors.Count > 0)
        {
            // A time that is not a time must not publish at once.
            ModelState.Clear();
            ModelState.AddModelError("Action", "Enter the publication time as a date and time, or leave it empty to publish now");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }

        DateTimeOffset? at = PublishAt is { } local ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Utc)) : null;
        if (at is { } when && when <= clock.GetUtcNow() && Action is PublicationAction.Approve or PublicationAction.PublishWithoutReview)
        {
            at = null;
        }

        var result = await workflow.ActAsync(id, Version, Action, Actor.From(User), at, ct);
        if (result.Succeeded)
        {
            return RedirectToPage("/Admin/Publishing/Item", new { id });
        }

        ModelState.Clear();
        foreach (var (_, message) in result.Errors)
        {
            ModelState.AddModelError("Action", message);
        }

        Response.StatusCode = result.IsConflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var item = await db.Set<PracticeUpdate>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (item is null)
        {
            return false;
        }

        Item = item;
        Version = item.Version;
        PreviewHtml = markdown.ToHtml(item.Body);
        History = (await db.Set<PracticeUpdateEvent>().AsNoTracking().Where(e => e.PracticeUpdateId == id).ToListAsync(ct)).OrderBy(e => e.At).ToList();
        Versions = await db.Set<PracticeUpdateVersion>().AsNoTracking().Where(v => v.PracticeUpdateId == id).OrderByDescending(v => v.Number).ToListAsync(ct);
        var open = PublicationStateMachine.ActionsFrom(item.Status)
            .Where(a => a != PublicationAction.PublishScheduled && !(a == PublicationAction.PublishWithoutReview && RequireReview))
            .Select(a => (Action: a, Reason: workflow.WhyNot(item, a, Actor.From(User))))
            .ToList();
        Actions = open.Where(a => a.Reason is null).Select(a => a.Action).ToList();
        Refused = open.Where(a => a.Reason is not null).Select(a => (a.Action, a.Reason!)).ToList();
        return true;
    }

    /// <summary>Button text for an action.</summary>
    public static string Label(PublicationAction action) => action switch
    {
        PublicationAction.Submit => "Submit for review",
        PublicationAction.ReturnToDraft => "Return to draft",
        PublicationAction.Approve => "Approve and publish",
        PublicationAction.PublishWithoutReview => "Publish",
        PublicationAction.Unschedule => "Cancel the schedule",
        PublicationAction.Archive => "Archive",
        PublicationAction.Reopen => "Reopen as a draft",
        _ => action.ToString(),
    };
}
