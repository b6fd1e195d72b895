namespace Accreditation.Core.Security;

/// <summary>
/// The contract between the OpenID Connect server (which issues tokens) and the API (which reads them): the API's
/// scopes, its audience, and the claim naming the organisation a client-credentials client acts for.
/// </summary>
public static class ApiScopes
{
    /// <summary>Read accreditation status of an organisation's practitioners.</summary>
    public const string AccreditationRead = "accreditation.read";

    /// <summary>Read CPD summaries of an organisation's practitioners.</summary>
    public const string CpdRead = "cpd.read";

    /// <summary>The audience of access tokens that carry an API scope.</summary>
    public const string Resource = "accreditation-api";

    /// <summary>In a client-credentials access token: the organisation the client system acts for.</summary>
    public const string ActingForOrganisationClaim = "acting_for_organisation";

    /// <summary>Both API scopes.</summary>
    public static readonly IReadOnlyList<string> All = [AccreditationRead, CpdRead];
}
