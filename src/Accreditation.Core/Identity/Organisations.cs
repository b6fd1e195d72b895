namespace Accreditation.Core.Identity;

/// <summary>What kind of organisation people belong to.</summary>
public enum OrganisationKind
{
    /// <summary>A local authority with children's services, identified by its ONS code.</summary>
    LocalAuthority,

    /// <summary>The Chief Social Worker's office.</summary>
    ChiefSocialWorkersOffice,

    /// <summary>Any other organisation (for example a regional partnership).</summary>
    Other,
}

/// <summary>The nine English regions (ONS), the region a local authority is in.</summary>
public enum EnglishRegion
{
    /// <summary>North East.</summary>
    NorthEast,

    /// <summary>North West.</summary>
    NorthWest,

    /// <summary>Yorkshire and The Humber.</summary>
    YorkshireAndTheHumber,

    /// <summary>East Midlands.</summary>
    EastMidlands,

    /// <summary>West Midlands.</summary>
    WestMidlands,

    /// <summary>East of England.</summary>
    EastOfEngland,

    /// <summary>London.</summary>
    London,

    /// <summary>South East.</summary>
    SouthEast,

    /// <summary>South West.</summary>
    SouthWest,
}

/// <summary>The names people read for organisation kinds and regions.</summary>
public static class OrganisationNames
{
    /// <summary>A region as ONS writes it, e.g. "Yorkshire and The Humber".</summary>
    public static string Of(EnglishRegion region) => region switch
    {
        EnglishRegion.NorthEast => "North East",
        EnglishRegion.NorthWest => "North West",
        EnglishRegion.YorkshireAndTheHumber => "Yorkshire and The Humber",
        EnglishRegion.EastMidlands => "East Midlands",
        EnglishRegion.WestMidlands => "West Midlands",
        EnglishRegion.EastOfEngland => "East of England",
        EnglishRegion.London => "London",
        EnglishRegion.SouthEast => "South East",
        _ => "South West",
    };

    /// <summary>A kind in plain words, e.g. "Local authority".</summary>
    public static string Of(OrganisationKind kind) => kind switch
    {
        OrganisationKind.LocalAuthority => "Local authority",
        OrganisationKind.ChiefSocialWorkersOffice => "Chief Social Worker's office",
        _ => "Other organisation",
    };
}

/// <summary>An organisation as other modules see it.</summary>
/// <param name="Id">The id people's <see cref="PlatformUser.OrganisationId"/> and the "organisation" claim hold.</param>
/// <param name="Name">The organisation's name, e.g. "Leeds".</param>
/// <param name="Code">The ONS code of a local authority (e.g. E08000035), or the short code of another organisation (e.g. CSWO).</param>
/// <param name="Kind">Local authority, the Chief Social Worker's office, or other.</param>
/// <param name="Region">The English region of a local authority; null for national organisations.</param>
public sealed record OrganisationSummary(Guid Id, string Name, string Code, OrganisationKind Kind, EnglishRegion? Region);

/// <summary>
/// Reads organisations (local authorities, the Chief Social Worker's office) for other modules, which never read the
/// Identity module's tables. Implemented by the Identity module.
/// </summary>
public interface IOrganisationDirectory
{
    /// <summary>The organisation with this id, or null.</summary>
    Task<OrganisationSummary?> FindAsync(Guid id, CancellationToken ct = default);

    /// <summary>The organisation with this ONS code or short code (any case), or null.</summary>
    Task<OrganisationSummary?> FindByCodeAsync(string code, CancellationToken ct = default);

    /// <summary>Every organisation, by name.</summary>
    Task<IReadOnlyList<OrganisationSummary>> ListAsync(CancellationToken ct = default);
}
