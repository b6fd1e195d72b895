using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Accreditation.Identity.OpenIdConnect;

/// <summary>The scopes, resource and claims the platform's OpenID Connect server issues.</summary>
public static class ConnectScopes
{
    /// <summary>Read accreditation status of an organisation's practitioners.</summary>
    public const string AccreditationRead = Core.Security.ApiScopes.AccreditationRead;

    /// <summary>Read CPD summaries of an organisation's practitioners.</summary>
    public const string CpdRead = Core.Security.ApiScopes.CpdRead;

    /// <summary>The audience of access tokens that carry an API scope.</summary>
    public const string ApiResource = Core.Security.ApiScopes.Resource;

    /// <summary>The claim naming the organisation a person belongs to or a client acts for.</summary>
    public const string OrganisationClaim = "organisation";

    /// <summary>The person's security stamp when the grant was made; kept only in codes and refresh tokens.</summary>
    public const string SecurityStampClaim = "security_stamp";

    /// <summary>The API scopes (granted to systems and, with consent, to people's applications).</summary>
    public static readonly IReadOnlyList<string> Api = [AccreditationRead, CpdRead];

    /// <summary>Every scope a client may be granted.</summary>
    public static readonly IReadOnlyList<string> All = [Scopes.OpenId, Scopes.Profile, Scopes.Email, AccreditationRead, CpdRead];

    /// <summary>What a scope lets an application do, in words shown on the consent screen.</summary>
    public static string Describe(string scope) => scope switch
    {
        Scopes.OpenId => "Confirm who you are",
        Scopes.Profile => "See your name",
        Scopes.Email => "See your email address",
        Scopes.OfflineAccess => "Stay connected when you are not using it",
        AccreditationRead => "See accreditation status",
        CpdRead => "See CPD summaries",
        _ => scope,
    };
}
