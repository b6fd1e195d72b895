using Accreditation.Core.Data;
using Accreditation.Core.Identity;

namespace Accreditation.Identity.Organisations;

/// <summary>A local authority, the Chief Social Worker's office or another organisation people belong to.</summary>
public sealed class Organisation : IVersioned
{
    /// <summary>Id; people's <see cref="PlatformUser.OrganisationId"/>.</summary>
    public Guid Id { get; set; }

    /// <summary>The name, e.g. "Leeds".</summary>
    public required string Name { get; set; }

    /// <summary>The ONS code of a local authority (E08000035), or a short code for another organisation (CSWO); unique, upper case.</summary>
    public required string Code { get; set; }

    /// <summary>Local authority, the Chief Social Worker's office or other.</summary>
    public OrganisationKind Kind { get; set; }

    /// <summary>The English region; required for a local authority.</summary>
    public EnglishRegion? Region { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }

    /// <summary>The organisation as other modules see it.</summary>
    public OrganisationSummary ToSummary() => new(Id, Name, Code, Kind, Region);
}
