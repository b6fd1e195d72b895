using Accreditation.Core.Auditing;
using System.Security.Claims;
using Accreditation.Core.Identity;
using Accreditation.Identity.Accounts;
using Accreditation.Identity.OpenIdConnect;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Client.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Accreditation.Identity.Federation;

/// <summary>
/// Where an organisation's identity provider sends a person back. The first time, their account is linked by
/// verified email, and only to an account of that same organisation; after that, by the provider's subject. Nobody
/// gets an account by signing in this way.
/// </summary>
public static class FederatedSignIn
{
    /// <summary>Where a refused person is told why.</summary>
    public const string RefusedPath = "/connect/federated/refused";

    /// <summary>Maps the callback.</summary>
    public static void MapFederatedSignIn(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods("/" + OpenIdConnectServices.FederationCallbackPath, [HttpMethods.Get, HttpMethods.Post], CallbackAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();

    private static async Task<IResult> CallbackAsync(
        HttpContext http, UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, SignInProviders providers, IAuditTrail audit, Core.Data.AccreditationDbContext db)
    {
        var result = await http.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal;
        var organisationId = SignInProviders.OrganisationOf(principal?.GetClaim(Claims.Private.RegistrationId));
        if (!result.Succeeded || principal is null || organisationId is null)
        {
            await audit.RecordAsync("account.federated-sign-in-failed", "User", null, result.Failure?.Message ?? "no result");
            return Results.Redirect($"{RefusedPath}?reason=failed");
        }

        var refused = $"{RefusedPath}?reason=no-account&organisation={organisationId}";
        var subject = principal.GetClaim(Claims.Subject);
        if (string.IsNullOrEmpty(subject))
        {
            return Results.Redirect($"{RefusedPath}?reason=failed");
        }

        var loginProvider = SignInProviders.LoginProviderOf(organisationId.Value);
        var user = await users.FindByLoginAsync(loginProvider, subject);
        if (user is null)
        {
            var email = principal.GetClaim(Claims.Email);
            var verified = string.Equals(principal.GetClaim(Claims.EmailVerified), "true", StringComparison.OrdinalIgnoreCase);
            if (string.IsNullOrWhiteSpace(email) || !verified)
            {
                await audit.RecordAsync("account.federated-sign-in-refused", "User", null, $"organisation {organisationId}: no verified email");
                return Results.Redirect(refused);
            }

            // Only an account already in this organisation: a provider cannot reach another organisation's people.
            var normalized = users.NormalizeEmail(email.Trim());
            user = await users.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized && u.OrganisationId == organisationId);
            if (user is null)
            {
                await audit.RecordAsync("account.federated-sign-in-refused", "User", null, $"organisation {organisationId}: no account for that email");
                return Results.Redirect(refused);
            }

            var linked = await users.AddLoginAsync(user, new UserLoginInfo(loginProvider, subject, principal.GetClaim(Claims.Private.ProviderName)));
            if (!linked.Succeeded)
            {
                await audit.RecordAsync("account.federated-sign-in-refused", "User", user.Id, string.Join(" ", linked.Errors.Select(e => e.Description)));
                return Results.Redirect(refused);
            }

            audit.Add("account.federated-linked", "User", user.Id, $"organisation {organisationId}");
        }

        if (user.OrganisationId != organisationId || !await signIn.CanSignInAsync(user))
        {
            await audit.RecordAsync("account.federated-sign-in-refused", "User", user.Id, user.IsActive ? "moved organisation" : "account deactivated");
            return Results.Redirect(refused);
        }

        await db.SaveChangesAsync();
        var returnUrl = result.Properties?.RedirectUri;
        returnUrl = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";

        // The organisation's provider proves who they are. It proves the second factor this service requires only when
        // a PlatformAdmin trusts it to and its token says one was given; otherwise the person gives ours (Identity's own
        // two-factor step, or setting one up).
        var provider = await providers.FindAsync(organisationId.Value);
        var amr = principal.GetClaims(Claims.AuthenticationMethodReference);
        var acr = principal.GetClaim(Claims.AuthenticationContextReference);
        if (provider is not null && provider.ProvesSecondFactor(amr, acr))
        {
            if (await users.IsLockedOutAsync(user))
            {
                await audit.RecordAsync("account.federated-sign-in-refused", "User", user.Id, "locked out");
                return Results.Redirect($"{RefusedPath}?reason=failed&organisation={organisationId}");
            }

            await signIn.SignInWithClaimsAsync(user, isPersistent: false,
                [new Claim("amr", PlatformSignInManager.MultiFactor), new Claim(ClaimTypes.AuthenticationMethod, loginProvider)]);
            await audit.RecordAsync("account.signed-in", "User", user.Id,
                $"through organisation {organisationId}'s identity provider, with its second factor (amr {string.Join(' ', amr)}{(acr is null ? "" : $"; acr {acr}")})");
            return Results.LocalRedirect(returnUrl);
        }
        var outcome = await signIn.ExternalLoginSignInAsync(loginProvider, subject, isPersistent: false, bypassTwoFactor: false);
        if (outcome.RequiresTwoFactor)
        {
            await audit.RecordAsync("account.federated-two-factor-asked", "User", user.Id, $"through organisation {organisationId}'s identity provider");
            return Results.Redirect($"/account/sign-in/two-factor?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        if (!outcome.Succeeded)
        {
            await audit.RecordAsync("account.federated-sign-in-refused", "User", user.Id, outcome.IsLockedOut ? "locked out" : "not allowed");
            return Results.Redirect($"{RefusedPath}?reason=failed&organisation={organisationId}");
        }

        await audit.RecordAsync("account.signed-in", "User", user.Id, $"through organisation {organisationId}'s identity provider");
        return Results.LocalRedirect(returnUrl);
    }
}
