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

/// <summary>The practitioners of an organisation.</summary>
/// <param name="OrganisationId">The organisation.</param>
/// <param name="Practitioners">Its practitioners, by name.</param>
public sealed record PractitionerList(Guid OrganisationId, IReadOnlyList<Practitioner> Practitioners);
