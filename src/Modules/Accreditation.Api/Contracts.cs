namespace Accreditation.Api;

/// <summary>A practitioner's accreditation, as the API reports it.</summary>
/// <param name="Status">e.g. "accredited", "in-assessment", "not-accredited"; null when nothing is known yet.</param>
/// <param name="Framework">The KSS framework key the status is against, e.g. "practice-leader".</param>
/// <param name="AwardedOn">When accreditation was awarded.</param>
/// <param name="ExpiresOn">When it ends unless renewed.</param>
public sealed record AccreditationStatus(string? Status, string? Framework, DateOnly? AwardedOn, DateOnly? ExpiresOn)
{
    /// <summary>Nothing known yet.</summary>
    public static readonly AccreditationStatus Empty = new(null, null, null, null);
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
