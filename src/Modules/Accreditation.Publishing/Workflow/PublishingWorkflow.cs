using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Security;
using Accreditation.Core.Time;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Accreditation.Publishing.Workflow;

/// <summary>
/// Who acts: a person's user id and display name (null id for the scheduler), and the publishing permissions they hold
/// (null: not limited, as for the scheduler and a recipe).
/// </summary>
public sealed record Actor(string? UserId, string Name, IReadOnlySet<string>? Permissions = null)
{
    /// <summary>The background scheduler.</summary>
    public static Actor Scheduler { get; } = new(null, "Scheduler");

    /// <summary>The signed-in person.</summary>
    public static Actor From(ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name ?? "unknown",
            new[] { Publishing.Permissions.Publish, Publishing.Permissions.Edit, Publishing.Permissions.Review }.Where(user.HasPermission).ToHashSet(StringComparer.Ordinal));

    /// <summary>Whether they may write and change drafts.</summary>
    public bool MayEdit => Permissions is null || Permissions.Contains(Publishing.Permissions.Publish) || Permissions.Contains(Publishing.Permissions.Edit);

    /// <summary>Whether they may approve or return items in review.</summary>
    public bool MayReview => Permissions is null || Permissions.Contains(Publishing.Permissions.Publish) || Permissions.Contains(Publishing.Permissions.Review);

    /// <summary>Whether they may publish without review, cancel schedules, archive and reopen.</summary>
    public bool MayPublish => Permissions is null || Permissions.Contains(Publishing.Permissions.Publish);
}

/// <summary>What an editor submits: the text, topics, statements and audience.</summary>
public sealed record PublicationDraft(
    PublicationKind Kind,
    string? Title,
    string? Summary,
    string? Body,
    string? Topics,
    string? KssStatements,
    AudienceKind Audience,
    IReadOnlyList<string>? AudienceRoles,
    string? AudienceOrganisations,
    bool Important,
    string? Slug = null,
    Guid? ParentId = null,
    DateTimeOffset? UnpublishAt = null);

/// <summary>The outcome of a workflow command: the item's id, or errors by field; <see cref="IsConflict"/> for a stale form.</summary>
public sealed record PublishingResult(Guid? Id, IReadOnlyList<FormError> Errors, bool IsConflict = false) : FormResult(Errors, IsConflict)
{
    /// <summary>Success.</summary>
    public static PublishingResult Ok(Guid id) => new(id, []);

    /// <summary>One error.</summary>
    public static PublishingResult Fail(string field, string message, bool conflict = false) => new(null, [new(field, message)], conflict);
}

/// <summary>
/// Creates, edits and moves practice updates and pages through their workflow, keeping versions and history; a
/// Publisher cannot approve what they wrote or submitted while Publishing:RequireReview is on (the default).
/// </summary>
public sealed partial class PublishingWorkflow(
    AccreditationDbContext db,
    TimeProvider clock,
    IIdSource ids,
    IAuditTrail audit,
    UpdateMailer mailer,
    IConfiguration configuration,
    Menus.MenuLinksCache menus)
{
    /// <summary>Whether a second Publisher must approve.</summary>
    public bool RequireReview => configuration.GetValue("Publishing:RequireReview", true);

    /// <summary>Creates a draft.</summary>
    public async Task<PublishingResult> CreateAsync(PublicationDraft draft, Actor actor, CancellationToken ct = default)
    {
        if (!actor.MayEdit)
        {
            return PublishingResult.Fail("Title", NoEdit);
        }

        var errors = await ValidateAsync(draft, null, ct);
        var slug = string.IsNullOrWhiteSpace(draft.Slug) ? Slugify(draft.Title ?? "") : draft.Slug.Trim().ToLowerInvariant();
        if (errors.Count == 0 && !SlugPattern().IsMatch(slug))
        {
            errors.Add(string.IsNullOrWhiteSpace(draft.Slug)
                ? new FormError("Title", "Enter a title with at least one letter or number")
                : new FormError("Slug", SlugMessage));
        }

        if (errors.Count > 0)
        {
            return new PublishingResult(null, errors);
        }

        var baseSlug = slug;
        for (var n = 2; await db.Set<PracticeUpdate>().AnyAsync(u => u.Kind == draft.Kind && u.Slug == slug, ct); n++)
        {
            slug = $"{baseSlug}-{n}";
        }

        var now = clock.GetUtcNow();
        var item = new PracticeUpdate
        {
            Id = ids.NewId(),
            Kind = draft.Kind,
            Slug = slug,
            Title = "",
            Status = PublicationStatus.Draft,
            CreatedAt = now,
        };
        Apply(item, draft, actor, now);
        db.Set<PracticeUpdate>().Add(item);
        AddEvent(item, null, PublicationStatus.Draft, actor, "Created");
        audit.Add("publishing.created", nameof(PracticeUpdate), item.Id.ToString(), item.Title);
        await db.SaveChangesAsync(ct);
        return PublishingResult.Ok(item.Id);
    }

    /// <summary>Saves new text for a draft as a new version; a stale form (version) is a conflict.</summary>
    public async Task<PublishingResult> EditAsync(Guid id, uint formVersion, PublicationDraft draft, Actor actor, CancellationToken ct = default)
    {
        var item = await db.Set<PracticeUpdate>().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (item is null)
        {
            return PublishingResult.Fail("", "The item no longer exists.");
        }

        if (!actor.MayEdit)
        {
            return PublishingResult.Fail("Title", NoEdit);
        }

        if (!PublicationStateMachine.IsEditable(item.Status))
        {
            return PublishingResult.Fail("Title", "Only drafts can be edited. Return it to draft first.");
        }

        var errors = await ValidateAsync(draft with { Kind = item.Kind }, item.Id, ct);
        var slug = item.Slug;
        if (item.Kind == PublicationKind.Page && !string.IsNullOrWhiteSpace(draft.Slug))
        {
            slug = draft.Slug.Trim().ToLowerInvariant();
            if (!SlugPattern().IsMatch(slug) || slug.Length > 100)
            {
                errors.Add(new FormError("Slug", SlugMessage));
            }
            else if (slug != item.Slug && await db.Set<PracticeUpdate>().AnyAsync(u => u.Kind == PublicationKind.Page && u.Slug == slug && u.Id != item.Id, ct))
            {
                errors.Add(new FormError("Slug", $"Another page has the address /pages/{slug}: choose another"));
            }
        }

        if (errors.Count > 0)
        {
            return new PublishingResult(null, errors);
        }

        db.Entry(item).Property(u => u.Version).OriginalValue = formVersion;
        if (slug != item.Slug)
        {
            await MoveSlugAsync(item, slug, ct);
        }

        Apply(item, draft with { Kind = item.Kind }, actor, clock.GetUtcNow());
        audit.Add("publishing.edited", nameof(PracticeUpdate), item.Id.ToString(), $"version {item.CurrentVersion}");
        return await SaveAsync(item, ct);
    }

    /// <summary>Moves an item by an action; <paramref name="publishAt"/> in the future schedules instead of publishing now.</summary>
    public async Task<PublishingResult> ActAsync(Guid id, uint formVersion, PublicationAction action, Actor actor, DateTimeOffset? publishAt = null, CancellationToken ct = default)
    {
        var item = await db.Set<PracticeUpdate>().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (item is null)
        {
            return PublishingResult.Fail("", "The item no longer exists.");
        }

        db.Entry(item).Property(u => u.Version).OriginalValue = formVersion;
        if (WhyNot(item, action, actor, publishAt) is { } refused)
        {
            return PublishingResult.Fail("Action", refused);
        }

        var now = clock.GetUtcNow();
        var target = Target(item, action, publishAt, now);
        var from = item.Status;
        item.Status = target;
        string? note = null;
        switch (target)
        {
            case PublicationStatus.InReview:
                item.SubmittedBy = actor.UserId;
                break;
            case PublicationStatus.Scheduled:
                item.ScheduledFor = publishAt;
                note = $"To be published {publishAt!.Value.UtcDateTime.ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture)} UTC";
                break;
            case PublicationStatus.Published:
                item.ScheduledFor = null;
                item.PublishedAt ??= now;
                await mailer.QueueForPublishedAsync(item, ct);
                // Every publication is in the audit trail under one name, whichever way it came about.
                audit.Add("publishing.published", nameof(PracticeUpdate), item.Id.ToString(), $"{Name(item.Kind)} '{item.Title}' version {item.CurrentVersion} by {actor.Name}");
                break;
            case PublicationStatus.Draft:
                item.ScheduledFor = null;
                item.SubmittedBy = null;
                break;
            case PublicationStatus.Archived:
                note = actor.UserId is null ? "Taken down on schedule" : null;
                item.UnpublishAt = null;
                break;
        }

        AddEvent(item, from, target, actor, note);
        audit.Add("publishing." + action.ToString().ToLowerInvariant(), nameof(PracticeUpdate), item.Id.ToString(), $"{from} → {target}");
        return await SaveAsync(item, ct);
    }

    /// <summary>
    /// Why the actor may not take the action on the item now, or null when they may: the move is not permitted from its
    /// status, review is required, the actor wrote or submitted it (approval must come from another Publisher), or a
    /// schedule's time has not come. The item's page offers only the actions this allows, with the reason in place of a
    /// refused one, and a post made anyway is refused with the same words.
    /// </summary>
    public string? WhyNot(PracticeUpdate item, PublicationAction action, Actor actor, DateTimeOffset? publishAt = null)
    {
        var now = clock.GetUtcNow();
        if (!PublicationStateMachine.IsPermitted(item.Status, action, Target(item, action, publishAt, now)))
        {
            return $"An item that is {Describe(item.Status)} cannot be moved that way.";
        }

        var allowed = action switch
        {
            PublicationAction.Submit => actor.MayEdit,
            PublicationAction.ReturnToDraft => actor.MayEdit || actor.MayReview,
            PublicationAction.Approve => actor.MayReview,
            _ => actor.MayPublish,
        };
        if (!allowed)
        {
            return action switch
            {
                PublicationAction.Submit => NoEdit,
                PublicationAction.Approve or PublicationAction.ReturnToDraft => "You do not have permission to review: ask someone who reviews practice updates and pages.",
                _ => "You do not have permission to publish, archive or reopen: ask a Publisher.",
            };
        }

        if (action == PublicationAction.PublishWithoutReview && RequireReview)
        {
            return "A second Publisher must review it first: submit it for review.";
        }

        if (action == PublicationAction.Approve && RequireReview && actor.UserId is { } me && (me == item.SubmittedBy || me == item.LastEditedBy))
        {
            return "You cannot approve an update you wrote or submitted: another Publisher must approve it.";
        }

        if (action == PublicationAction.PublishScheduled && (item.ScheduledFor is null || item.ScheduledFor > now))
        {
            return "It is not time to publish it yet.";
        }

        if (action is PublicationAction.Approve or PublicationAction.PublishWithoutReview && item.UnpublishAt is { } down && down <= (publishAt is { } at && at > now ? at : now))
        {
            return "It would be taken down before it is published: return it to draft and change or clear the take-down time.";
        }

        return null;
    }

    /// <summary>The status an action moves an item to.</summary>
    private static PublicationStatus Target(PracticeUpdate item, PublicationAction action, DateTimeOffset? publishAt, DateTimeOffset now) => action switch
    {
        PublicationAction.Submit => PublicationStatus.InReview,
        PublicationAction.ReturnToDraft or PublicationAction.Unschedule or PublicationAction.Reopen => PublicationStatus.Draft,
        PublicationAction.Approve or PublicationAction.PublishWithoutReview =>
            publishAt is { } at && at > now ? PublicationStatus.Scheduled : PublicationStatus.Published,
        PublicationAction.PublishScheduled => PublicationStatus.Published,
        PublicationAction.Archive => PublicationStatus.Archived,
        _ => item.Status,
    };

    /// <summary>A status as people read it.</summary>
    public static string Name(PublicationStatus status) => status switch
    {
        PublicationStatus.Draft => "Draft",
        PublicationStatus.InReview => "In review",
        PublicationStatus.Scheduled => "Scheduled",
        PublicationStatus.Published => "Published",
        _ => "Archived",
    };

    /// <summary>A kind as people read it.</summary>
    public static string Name(PublicationKind kind) => kind == PublicationKind.Update ? "Practice update" : "Page";

    /// <summary>
    /// Saves an earlier version's title, summary and body as the draft's newest version (the versions in between are
    /// kept); only drafts change, as with any edit.
    /// </summary>
    public async Task<PublishingResult> RestoreAsync(Guid id, int number, uint formVersion, Actor actor, CancellationToken ct = default)
    {
        var item = await db.Set<PracticeUpdate>().SingleOrDefaultAsync(u => u.Id == id, ct);
        var saved = await db.Set<PracticeUpdateVersion>().AsNoTracking().SingleOrDefaultAsync(v => v.PracticeUpdateId == id && v.Number == number, ct);
        if (item is null || saved is null)
        {
            return PublishingResult.Fail("", "There is no such version.");
        }

        if (!actor.MayEdit)
        {
            return PublishingResult.Fail("Restore", NoEdit);
        }

        if (!PublicationStateMachine.IsEditable(item.Status))
        {
            return PublishingResult.Fail("Restore", "Only drafts can be changed. Return it to draft first, then restore this version.");
        }

        db.Entry(item).Property(u => u.Version).OriginalValue = formVersion;
        var now = clock.GetUtcNow();
        item.Title = saved.Title;
        item.Summary = saved.Summary;
        item.Body = saved.Body;
        item.UpdatedAt = now;
        item.LastEditedBy = actor.UserId;
        item.CurrentVersion++;
        AddVersion(item, actor, now);
        AddEvent(item, item.Status, item.Status, actor, $"Version {number} restored as version {item.CurrentVersion}");
        audit.Add("publishing.restored", nameof(PracticeUpdate), item.Id.ToString(), $"version {number} → version {item.CurrentVersion}");
        return await SaveAsync(item, ct);
    }

    /// <summary>Takes down every published item whose take-down time has come; returns how many.</summary>
    public async Task<int> UnpublishDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var due = (await db.Set<PracticeUpdate>().AsNoTracking()
                .Where(u => u.Status == PublicationStatus.Published && u.UnpublishAt != null)
                .Select(u => new { u.Id, u.Version, u.UnpublishAt })
                .ToListAsync(ct))
            .Where(u => u.UnpublishAt <= now)
            .ToList();
        var archived = 0;
        foreach (var item in due)
        {
            var result = await ActAsync(item.Id, item.Version, PublicationAction.Archive, Actor.Scheduler, ct: ct);
            db.ChangeTracker.Clear();
            archived += result.Succeeded ? 1 : 0;
        }

        return archived;
    }

    /// <summary>Publishes every scheduled item whose time has come; returns how many.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var due = (await db.Set<PracticeUpdate>().AsNoTracking()
                .Where(u => u.Status == PublicationStatus.Scheduled)
                .Select(u => new { u.Id, u.Version, u.ScheduledFor })
                .ToListAsync(ct))
            .Where(u => u.ScheduledFor <= now)
            .ToList();
        var published = 0;
        foreach (var item in due)
        {
            var result = await ActAsync(item.Id, item.Version, PublicationAction.PublishScheduled, Actor.Scheduler, ct: ct);
            db.ChangeTracker.Clear();
            published += result.Succeeded ? 1 : 0;
        }

        return published;
    }

    /// <summary>Words for a status in messages.</summary>
    public static string Describe(PublicationStatus status) => status switch
    {
        PublicationStatus.Draft => "a draft",
        PublicationStatus.InReview => "in review",
        PublicationStatus.Scheduled => "scheduled",
        PublicationStatus.Published => "published",
        _ => "archived",
    };

    /// <summary>A URL segment from a title.</summary>
    public static string Slugify(string title)
    {
        var text = new StringBuilder();
        foreach (var c in title.Trim().ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                text.Append(c);
            }
            else if (text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }
        }

        var slug = text.ToString().Trim('-');
        return slug.Length > 100 ? slug[..100].Trim('-') : slug;
    }

    private async Task<PublishingResult> SaveAsync(PracticeUpdate item, CancellationToken ct)
    {
        try
        {
            // A menu link to a page follows its address and whether it is published.
            db.Announce(Menus.MenuLinksCache.Topic);
            await db.SaveChangesAsync(ct);
            menus.Invalidate();
            return PublishingResult.Ok(item.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return PublishingResult.Fail("Title", "Someone else changed this item while you were working on it. Reload it and try again.", conflict: true);
        }
    }

    private void Apply(PracticeUpdate item, PublicationDraft draft, Actor actor, DateTimeOffset now)
    {
        item.Title = draft.Title!.Trim();
        item.Summary = draft.Summary?.Trim() ?? "";
        item.Body = draft.Body ?? "";
        item.Topics = string.Join(",", SplitTopics(draft.Topics).Distinct());
        item.KssStatements = string.Join(",", PracticeUpdate.Split(draft.KssStatements ?? "").Distinct());
        item.Audience = draft.Audience;
        item.AudienceRoles = draft.Audience == AudienceKind.Roles ? string.Join(",", draft.AudienceRoles ?? []) : "";
        item.AudienceOrganisations = draft.Audience == AudienceKind.Organisations
            ? string.Join(",", PublicationDraftValidator.OrganisationsIn(draft.AudienceOrganisations).Select(Guid.Parse).Distinct())
            : "";
        item.Important = draft.Important;
        item.ParentId = item.Kind == PublicationKind.Page ? draft.ParentId : null;
        item.UnpublishAt = draft.UnpublishAt;
        item.UpdatedAt = now;
        item.LastEditedBy = actor.UserId;
        item.CurrentVersion++;
        AddVersion(item, actor, now);
    }

    private void AddVersion(PracticeUpdate item, Actor actor, DateTimeOffset now) =>
        db.Set<PracticeUpdateVersion>().Add(new PracticeUpdateVersion
        {
            Id = ids.NewId(),
            PracticeUpdateId = item.Id,
            Number = item.CurrentVersion,
            Title = item.Title,
            Summary = item.Summary,
            Body = item.Body,
            SavedAt = now,
            SavedBy = actor.Name,
        });

    private const string NoEdit = "You do not have permission to write or change practice updates and pages.";

    private const string SlugMessage = "An address is lower-case letters and numbers, words joined by hyphens (for example how-accreditation-works), 100 characters or fewer";

    // The old address leads to the page from now on; an address the page takes over stops leading elsewhere.
    private async Task MoveSlugAsync(PracticeUpdate item, string slug, CancellationToken ct)
    {
        var old = item.Slug;
        db.Set<PageRedirect>().RemoveRange(await db.Set<PageRedirect>().Where(r => r.OldSlug == slug || r.OldSlug == old).ToListAsync(ct));
        if (item.PublishedAt is not null)
        {
            db.Set<PageRedirect>().Add(new PageRedirect { Id = ids.NewId(), OldSlug = old, PracticeUpdateId = item.Id, CreatedAt = clock.GetUtcNow() });
        }

        audit.Add("publishing.slug-changed", nameof(PracticeUpdate), item.Id.ToString(), $"{old} → {slug}");
        item.Slug = slug;
    }

    // The draft checked (the pages and their parents read first when it names a parent page).
    private async Task<List<FormError>> ValidateAsync(PublicationDraft draft, Guid? self, CancellationToken ct)
    {
        var pages = draft.ParentId is not null && draft.Kind == PublicationKind.Page
            ? await db.Set<PracticeUpdate>().AsNoTracking().Where(u => u.Kind == PublicationKind.Page)
                .Select(u => new { u.Id, u.ParentId }).ToDictionaryAsync(u => u.Id, u => u.ParentId, ct)
            : [];
        return new PublicationDraftValidator(clock.GetUtcNow(), self, pages).Validate(draft).ToFormErrors();
    }

    private void AddEvent(PracticeUpdate item, PublicationStatus? from, PublicationStatus to, Actor actor, string? note) =>
        db.Set<PracticeUpdateEvent>().Add(new PracticeUpdateEvent
        {
            Id = ids.NewId(),
            PracticeUpdateId = item.Id,
            From = from,
            To = to,
            UserId = actor.UserId,
            By = actor.Name,
            At = clock.GetUtcNow(),
            Note = note,
        });

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SlugPattern();

    /// <summary>The longest topic.</summary>
    public const int TopicLength = 50;

    /// <summary>
    /// Topics as stored: separated by commas, in lower case, runs of spaces made one ("Children in  need" becomes
    /// "children in need"), so the same topic typed twice is one topic and subscriptions match it.
    /// </summary>
    public static IReadOnlyList<string> SplitTopics(string? topics) =>
        PracticeUpdate.Split(topics ?? "").Select(NormaliseTopic).Where(t => t.Length > 0).ToList();

    /// <summary>One topic as stored: lower case, single spaces, no spaces at either end.</summary>
    public static string NormaliseTopic(string topic) =>
        string.Join(' ', topic.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Whether a topic (as stored) is words of letters and numbers, joined by spaces, hyphens or apostrophes.</summary>
    public static bool IsTopic(string topic) => topic.Length <= TopicLength && TopicPattern().IsMatch(topic);

    [GeneratedRegex(@"^[\p{L}\p{N}]+([ '’-][\p{L}\p{N}]+)*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TopicPattern();
}
