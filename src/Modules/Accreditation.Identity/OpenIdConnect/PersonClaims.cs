using System.Collections.Immutable;
using System.Security.Claims;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Accreditation.Identity.OpenIdConnect;

/// <summary>
/// The claims a person's tokens carry, always read fresh from their account: subject, name (profile scope), email
/// (email scope), organisation and roles in access tokens, and the security stamp kept only in codes and refresh tokens.
/// </summary>
public sealed class PersonClaims(UserManager<PlatformUser> users)
{
    /// <summary>Builds the identity OpenIddict signs in for the person with the granted scopes.</summary>
    public async Task<ClaimsIdentity> CreateAsync(PlatformUser user, ImmutableArray<string> scopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Name, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName : user.DisplayName)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.EmailVerified, user.EmailConfirmed)
            .SetClaim(ConnectScopes.OrganisationClaim, user.OrganisationId?.ToString())
            .SetClaim(ConnectScopes.SecurityStampClaim, await users.GetSecurityStampAsync(user));
        identity.SetClaims(Claims.Role, [.. await users.GetRolesAsync(user)]);
        identity.SetScopes(scopes);
        if (scopes.Any(ConnectScopes.Api.Contains))
        {
            identity.SetAudiences(ConnectScopes.ApiResource);
        }

        identity.SetDestinations(claim => Destinations(claim, identity));
        return identity;
    }

    /// <summary>The person a token is about, while their account is active; otherwise null.</summary>
    public async Task<PlatformUser?> FindActiveAsync(ClaimsPrincipal principal)
    {
        var subject = principal.GetClaim(Claims.Subject);
        var user = subject is null ? null : await users.FindByIdAsync(subject);
        return user is { IsActive: true } ? user : null;
    }

    /// <summary>
    /// The person of an authorization code or refresh token, while the grant still stands: the account is active and
    /// its security stamp (changed by a password reset or "sign out everywhere") is the one the grant was made with.
    /// </summary>
    public async Task<PlatformUser?> FindStillValidAsync(ClaimsPrincipal principal)
    {
        var user = await FindActiveAsync(principal);
        if (user is null)
        {
            return null;
        }

        var stamp = principal.GetClaim(ConnectScopes.SecurityStampClaim);
        return stamp is not null && stamp == await users.GetSecurityStampAsync(user) ? user : null;
    }

    private static IEnumerable<string> Destinations(Claim claim, ClaimsIdentity identity)
    {
        switch (claim.Type)
        {
            case Claims.Subject:
                yield return OpenIddictConstants.Destinations.AccessToken;
                yield return OpenIddictConstants.Destinations.IdentityToken;
                yield break;
            case Claims.Name when identity.HasScope(Scopes.Profile):
                yield return OpenIddictConstants.Destinations.AccessToken;
                yield return OpenIddictConstants.Destinations.IdentityToken;
                yield break;
            case Claims.Email or Claims.EmailVerified when identity.HasScope(Scopes.Email):
                yield return OpenIddictConstants.Destinations.AccessToken;
                yield return OpenIddictConstants.Destinations.IdentityToken;
                yield break;
            case ConnectScopes.OrganisationClaim or Claims.Role:
                yield return OpenIddictConstants.Destinations.AccessToken;
                yield break;
            default:
                // The security stamp (and anything else) stays in the authorization code and refresh token only.
                yield break;
        }
    }
}
