using Accreditation.Privacy.Data;

namespace Accreditation.Privacy.Pages;

/// <summary>How requests are named to people: what was asked for, where it is, and the tag colour of each state.</summary>
public static class RequestText
{
    /// <summary>What was asked for.</summary>
    public static string Kind(PrivacyRequestKind kind) => kind == PrivacyRequestKind.Access ? "Copy of personal data" : "Erasure";

    /// <summary>Where it is, in words.</summary>
    public static string State(PrivacyRequestState state) => state switch
    {
        PrivacyRequestState.Queued => "Queued",
        PrivacyRequestState.Building => "Being prepared",
        PrivacyRequestState.Ready => "Ready to download",
        PrivacyRequestState.Downloaded => "Downloaded",
        PrivacyRequestState.Expired => "Expired",
        PrivacyRequestState.Failed => "Failed",
        PrivacyRequestState.Erasing => "Being erased",
        PrivacyRequestState.Waiting => "Waiting for held records",
        _ => "Erased",
    };

    /// <summary>The GOV.UK tag class of a state.</summary>
    public static string Tag(PrivacyRequestState state) => state switch
    {
        PrivacyRequestState.Ready or PrivacyRequestState.Downloaded or PrivacyRequestState.Erased => "govuk-tag--green",
        PrivacyRequestState.Queued or PrivacyRequestState.Building or PrivacyRequestState.Erasing => "govuk-tag--blue",
        PrivacyRequestState.Waiting => "govuk-tag--yellow",
        PrivacyRequestState.Failed => "govuk-tag--red",
        _ => "govuk-tag--grey",
    };

    /// <summary>Whether the request is still open and past its due date.</summary>
    public static bool IsOverdue(PrivacyRequest request, DateOnly today) =>
        request.CompletedAt is null && request.State is not (PrivacyRequestState.Expired or PrivacyRequestState.Erased) && today > request.DueOn;
}

/// <summary>What the requests table shows: the requests, who is looking (only the person who asked downloads), and now.</summary>
/// <param name="Requests">The requests, newest first.</param>
/// <param name="ViewerId">The signed-in person's user id.</param>
/// <param name="Now">The current instant.</param>
/// <param name="Names">Display names of the people concerned, by user id (admin views); null to leave the person out.</param>
public sealed record RequestTable(IReadOnlyList<PrivacyRequest> Requests, string ViewerId, DateTimeOffset Now, IReadOnlyDictionary<string, string>? Names = null)
{
    /// <summary>The name of a person concerned: their name, "Erased person" for a pseudonym, or the id.</summary>
    public string NameOf(string userId) =>
        userId.StartsWith(Core.Privacy.DataSubject.PseudonymPrefix, StringComparison.Ordinal) ? $"Erased person ({userId})"
        : Names is not null && Names.TryGetValue(userId, out var name) ? name : "Unknown person";
}
