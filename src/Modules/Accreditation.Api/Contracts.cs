using Accreditation.Core.Contracts;

namespace Accreditation.Api;

/// <summary>A practitioner of the calling system's organisation.</summary>
/// <param name="Id">The practitioner's id on this service.</param>
/// <param name="Name">Their name.</param>
/// <param name="Email">Their email address.</param>
/// <param name="Active">Whether their account is active.</param>
/// <param name="Accreditation">Their accreditation (with scope accreditation.read; otherwise null).</param>
/// <param name="Cpd">Their CPD summary (with scope cpd.read; otherwise null).</param>
public sealed record Practitioner(string Id, string Name, string? Email, bool Active, AccreditationStatus? Accreditation, CpdSummary? Cpd);

/// <summary>One page of the practitioners of an organisation (a national authority has thousands).</summary>
/// <param name="OrganisationId">The organisation.</param>
/// <param name="Practitioners">Its practitioners on this page, by name.</param>
public sealed record PractitionerList(Guid OrganisationId, IReadOnlyList<Practitioner> Practitioners)
{
    /// <summary>This page's number, from 1.</summary>
    public int Page { get; init; } = 1;

    /// <summary>At most this many practitioners a page.</summary>
    public int PageSize { get; init; }

    /// <summary>How many practitioners the organisation has in all.</summary>
    public int Total { get; init; }

    /// <summary>The address of the next page, or null on the last.</summary>
    public string? Next { get; init; }
}
