namespace Accreditation.Api;

/// <summary>A practitioner's accreditation, as the API reports it.</summary>
/// <param name="Status">One of <see cref="AccreditationStatuses"/>' codes; null when nothing is known yet.</param>
/// <param name="Framework">The KSS framework key the status is against, e.g. "practice-leader".</param>
/// <param name="AwardedOn">When accreditation was awarded.</param>
/// <param name="ExpiresOn">When it ends unless renewed.</param>
public sealed record AccreditationStatus(string? Status, string? Framework, DateOnly? AwardedOn, DateOnly? ExpiresOn)
{
    /// <summary>Nothing known yet.</summary>
    public static readonly AccreditationStatus Empty = new(null, null, null, null);

    /// <summary>The status in the words the service shows the practitioner and everyone else, e.g. "Not yet accredited"; null when nothing is known yet.</summary>
    public string? StatusText => AccreditationStatuses.Words(Status);
}

/// <summary>The API's accreditation status codes and the words the service's pages use for each.</summary>
public static class AccreditationStatuses
{
    /// <summary>Every required component met; the award is current.</summary>
    public const string Accredited = "accredited";

    /// <summary>A decision was released and a required component is not met yet.</summary>
    public const string NotYetAccredited = "not-yet-accredited";

    /// <summary>A portfolio is being marked, or its decision waits for release.</summary>
    public const string InAssessment = "in-assessment";

    /// <summary>The award's validity ended.</summary>
    public const string Lapsed = "lapsed";

    /// <summary>The award was revoked.</summary>
    public const string Revoked = "revoked";

    /// <summary>Each code with its words, in the order the OpenAPI document lists them.</summary>
    public static readonly IReadOnlyList<(string Code, string Words)> All =
    [
        (Accredited, Core.Contracts.OutcomeWords.Accredited),
        (NotYetAccredited, Core.Contracts.OutcomeWords.NotYetAccredited),
        (InAssessment, Core.Contracts.OutcomeWords.BeingAssessed),
        (Lapsed, Core.Contracts.OutcomeWords.Lapsed),
        (Revoked, Core.Contracts.OutcomeWords.Revoked),
    ];

    /// <summary>The words for a code (null for null or an unknown code).</summary>
    public static string? Words(string? code) => All.FirstOrDefault(s => s.Code == code).Words;
}

/// <summary>A practitioner's CPD over the current CPD year, as the API reports it.</summary>
/// <param name="Year">The CPD year, e.g. "2026-27"; null when nothing is recorded.</param>
/// <param name="Records">How many CPD records the year holds.</param>
/// <param name="Hours">Hours recorded.</param>
/// <param name="LastRecordedOn">When the latest record was made.</param>
public sealed record CpdSummary(string? Year, int Records, decimal Hours, DateOnly? LastRecordedOn)
{
    /// <summary>Nothing recorded.</summary>
    public static readonly CpdSummary Empty = new(null, 0, 0m, null);
}

/// <summary>Where the accreditation status of people comes from; the accreditation module registers one.</summary>
public interface IAccreditationStatusSource
{
    /// <summary>The status of each of the given people (user ids); people with none may be left out.</summary>
    Task<IReadOnlyDictionary<string, AccreditationStatus>> StatusOfAsync(IReadOnlyCollection<string> userIds, CancellationToken ct);
}

/// <summary>Where CPD summaries come from; the CPD module registers one.</summary>
public interface ICpdSummarySource
{
    /// <summary>The summary of each of the given people (user ids); people with none may be left out.</summary>
    Task<IReadOnlyDictionary<string, CpdSummary>> SummaryOfAsync(IReadOnlyCollection<string> userIds, CancellationToken ct);
}

/// <summary>A practitioner of the calling system's organisation.</summary>
/// <param name="Id">The practitioner's id on this service.</param>
/// <param name="Name">Their name.</param>
/// <param name="Email">Their email address.</param>
/// <param name="Active">Whether their account is active.</param>
/// <param name="Accreditation">Their accreditation (with scope accreditation.read; otherwise null).</param>
/// <param name="Cpd">Their CPD summary (with scope cpd.read; otherwise null).</param>
public sealed record Practitioner(string Id, string Name, string? Email, bool Active, AccreditationStatus? Accreditation, CpdSummary? Cpd);

/// <summary>The practitioners of an organisation.</summary>
/// <param name="OrganisationId">The organisation.</param>
/// <param name="Practitioners">Its practitioners, by name.</param>
public sealed record PractitionerList(Guid OrganisationId, IReadOnlyList<Practitioner> Practitioners);
