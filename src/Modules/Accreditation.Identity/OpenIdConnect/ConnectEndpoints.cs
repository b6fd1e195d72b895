using System.Security.Claims;
using Accreditation.Identity.Clients;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Accreditation.Identity.OpenIdConnect;

/// <summary>
/// The token and userinfo endpoints. OpenIddict validates each request first (client, code, PKCE verifier, refresh
/// token, scopes); these handlers decide what the tokens say and refuse people who may no longer have them.
/// </summary>
public static class ConnectEndpoints
{
    /// <summary>The rate-limiter policy of the token endpoint (RateLimits:TokenPerMinute per client address).</summary>
    public const string TokenRateLimitPolicy = "openid-token";

    /// <summary>Maps /connect/token and /connect/userinfo.</summary>
    public static void MapConnectEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/connect/token", ExchangeAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(TokenRateLimitPolicy)
            .ExcludeFromDescription();
        endpoints.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfoAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
    }

    private static async Task<IResult> ExchangeAsync(HttpContext http, IOpenIddictApplicationManager applications, PersonClaims claims)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            // No person takes part in client credentials, so there is nobody for an ID token (or profile, email or
            // offline access) to be about: OpenID Connect scopes are refused rather than quietly dropped (RFC 6749 5.2).
            if (request.GetScopes().FirstOrDefault(s => s is Scopes.OpenId or Scopes.Profile or Scopes.Email or Scopes.OfflineAccess) is { } personal)
            {
                return Refuse(Errors.InvalidScope, $"The scope '{personal}' is about a person; client credentials act for a system. Ask for API scopes only.");
            }

            var application = await applications.FindByClientIdAsync(request.ClientId!);
            var organisation = application is null ? null : await ClientOrganisation.OfAsync(applications, application);
            if (application is null || organisation is null)
            {
                return Refuse(Errors.InvalidClient, "This client does not act for an organisation.");
            }

            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId)
                .SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application))
                .SetClaim(Core.Security.ApiScopes.ActingForOrganisationClaim, organisation.Value.ToString());
            identity.SetScopes(request.GetScopes());
            identity.SetAudiences(ConnectScopes.ApiResource);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var user = result.Principal is null ? null : await claims.FindStillValidAsync(result.Principal);
            if (user is null)
            {
                // Deactivated, deleted, or their security stamp changed (password reset, sign-out everywhere): the
                // grant no longer stands, whatever the code or refresh token says.
                return Refuse(Errors.InvalidGrant, "The grant is no longer valid.");
            }

            var identity = await claims.CreateAsync(user, result.Principal!.GetScopes());
            identity.SetAuthorizationId(result.Principal!.GetAuthorizationId());
            identity.SetAudiences(result.Principal!.GetAudiences());
            identity.SetResources(result.Principal!.GetResources());
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Refuse(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    private static async Task<IResult> UserInfoAsync(HttpContext http, PersonClaims claims)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal;
        var user = principal is null ? null : await claims.FindActiveAsync(principal);
        if (principal is null || user is null)
        {
            return Results.Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The access token is no longer valid.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var answer = new Dictionary<string, object?>(StringComparer.Ordinal) { [Claims.Subject] = user.Id };
        if (principal.HasScope(Scopes.Profile))
        {
            answer[Claims.Name] = string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName : user.DisplayName;
        }

        if (principal.HasScope(Scopes.Email))
        {
            answer[Claims.Email] = user.Email;
            answer[Claims.EmailVerified] = user.EmailConfirmed;
        }

        return Results.Ok(answer);
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
