using Accreditation.Publishing.Data;

namespace Accreditation.Publishing.Workflow;

/// <summary>What a Publisher (or the scheduler) can do to an item.</summary>
public enum PublicationAction
{
    /// <summary>Draft → in review.</summary>
    Submit,

    /// <summary>In review → draft, for more work.</summary>
    ReturnToDraft,

    /// <summary>In review → published (now) or scheduled (later), by someone other than the author when review is required.</summary>
    Approve,

    /// <summary>Draft → published or scheduled straight away; only when review is not required.</summary>
    PublishWithoutReview,

    /// <summary>Scheduled → published, by the scheduler when the time comes.</summary>
    PublishScheduled,

    /// <summary>Scheduled → draft.</summary>
    Unschedule,

    /// <summary>Published → archived.</summary>
    Archive,

    /// <summary>Archived → draft, to work on it again.</summary>
    Reopen,
}

/// <summary>The permitted moves between statuses: anything not listed here is refused.</summary>
public static class PublicationStateMachine
{
    private static readonly Dictionary<(PublicationStatus, PublicationAction), PublicationStatus[]> Moves = new()
    {
        [(PublicationStatus.Draft, PublicationAction.Submit)] = [PublicationStatus.InReview],
        [(PublicationStatus.Draft, PublicationAction.PublishWithoutReview)] = [PublicationStatus.Published, PublicationStatus.Scheduled],
        [(PublicationStatus.InReview, PublicationAction.ReturnToDraft)] = [PublicationStatus.Draft],
        [(PublicationStatus.InReview, PublicationAction.Approve)] = [PublicationStatus.Published, PublicationStatus.Scheduled],
        [(PublicationStatus.Scheduled, PublicationAction.PublishScheduled)] = [PublicationStatus.Published],
        [(PublicationStatus.Scheduled, PublicationAction.Unschedule)] = [PublicationStatus.Draft],
        [(PublicationStatus.Published, PublicationAction.Archive)] = [PublicationStatus.Archived],
        [(PublicationStatus.Archived, PublicationAction.Reopen)] = [PublicationStatus.Draft],
    };

    /// <summary>Whether the action may move an item from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsPermitted(PublicationStatus from, PublicationAction action, PublicationStatus to) =>
        Moves.TryGetValue((from, action), out var targets) && targets.Contains(to);

    /// <summary>The actions possible from a status.</summary>
    public static IReadOnlyList<PublicationAction> ActionsFrom(PublicationStatus from) =>
        Moves.Keys.Where(k => k.Item1 == from).Select(k => k.Item2).ToList();

    /// <summary>Whether the text may be edited in this status (only drafts are edited).</summary>
    public static bool IsEditable(PublicationStatus status) => status == PublicationStatus.Draft;
}
