using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Accreditation.Marking.Pages;

/// <summary>Small things the module's pages share.</summary>
public static class PageHelpers
{
    /// <summary>The signed-in person's user id.</summary>
    public static string UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    /// <summary>The field's first error, or null.</summary>
    public static string? ErrorFor(ModelStateDictionary state, string key) =>
        state.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>The id ASP.NET Core gives a field's input.</summary>
    public static string IdFor(string key) => Microsoft.AspNetCore.Mvc.Rendering.TagBuilder.CreateSanitizedId(key, "_");

    /// <summary>A UK date and time as people read it.</summary>
    public static string When(DateTimeOffset? instant) => instant is { } i ? Core.Dates.UkCalendar.Format(i) : "";

    /// <summary>A status in words.</summary>
    public static string Words(Data.CaseStatus status) => status switch
    {
        Data.CaseStatus.Submitted => "Waiting for an assessor",
        Data.CaseStatus.Allocated => "Allocated",
        Data.CaseStatus.InMarking => "In marking",
        Data.CaseStatus.Marked => "Marked",
        Data.CaseStatus.SecondMarking => "Second marking",
        Data.CaseStatus.InModeration => "In moderation",
        Data.CaseStatus.ReadyForRelease => "Ready for release",
        Data.CaseStatus.Released => "Released",
        _ => "Withdrawn",
    };

    /// <summary>A marking's role in words.</summary>
    public static string Words(Data.MarkingRole role) => role switch
    {
        Data.MarkingRole.First => "First marking",
        Data.MarkingRole.Second => "Second marking",
        Data.MarkingRole.Agreed => "Agreed marks",
        _ => "Review",
    };

    /// <summary>A decision in the words every viewer reads.</summary>
    public static string Words(Data.Decision? decision) => decision switch
    {
        Data.Decision.Accredited => Core.Contracts.OutcomeWords.Accredited,
        Data.Decision.NotYetAccredited => Core.Contracts.OutcomeWords.NotYetAccredited,
        _ => "",
    };

    /// <summary>A component's outcome in words.</summary>
    public static string Words(Core.Contracts.ComponentOutcome outcome) => outcome switch
    {
        Core.Contracts.ComponentOutcome.Met => "Met",
        Core.Contracts.ComponentOutcome.NotMet => "Not yet met",
        _ => "Not decided yet",
    };

    /// <summary>A marking's status in words.</summary>
    public static string Words(Data.MarkingStatus status) => status switch
    {
        Data.MarkingStatus.Allocated => "Allocated, not opened yet",
        Data.MarkingStatus.InProgress => "Being marked",
        Data.MarkingStatus.Submitted => "Submitted",
        _ => "Reallocated",
    };

    /// <summary>An appeal's status in words.</summary>
    public static string Words(Data.AppealStatus status) => status switch
    {
        Data.AppealStatus.Requested => "Requested",
        Data.AppealStatus.UnderReview => "Under review",
        Data.AppealStatus.Reviewed => "Reviewed, waiting for release",
        _ => "Released",
    };

    /// <summary>Why a portfolio is second-marked, in words.</summary>
    public static string SecondMarkingWords(string? reason) => reason switch
    {
        null => "",
        Rubrics.SecondMarkingReasons.Sample => "Random sample",
        Rubrics.SecondMarkingReasons.Borderline => "Borderline",
        Rubrics.SecondMarkingReasons.Failing => "Not accredited on the first marks",
        _ => reason,
    };
}
