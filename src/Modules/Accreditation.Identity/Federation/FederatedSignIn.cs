using System.Collections.Immutable;
using System.Security.Claims;
using Accreditation.Core.Auditing;
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

        var subject = principal.GetClaim(Claims.Subject);
        if (string.IsNullOrEmpty(subject))
        {
            return Results.Redirect($"{RefusedPath}?reason=failed");
        }

        var loginProvider = SignInProviders.LoginProviderOf(organisationId.Value);
        var user = await AccountOfAsync(users, signIn, audit, principal, organisationId.Value, loginProvider, subject);
        if (user is null)
        {
            return Results.Redirect($"{RefusedPath}?reason=no-account&organisation={organisationId}");
        }

        await db.SaveChangesAsync();
        var returnUrl = LocalReturnUrl(result.Properties?.RedirectUri);

        // The organisation's provider proves who they are. It proves the second factor this service requires only when
        // a PlatformAdmin trusts it to and its token says one was given; otherwise the person gives ours (Identity's own
        // two-factor step, or setting one up).
        var provider = await providers.FindAsync(organisationId.Value);
        var amr = principal.GetClaims(Claims.AuthenticationMethodReference);
        var acr = principal.GetClaim(Claims.AuthenticationContextReference);
        return provider is not null && provider.ProvesSecondFactor(amr, acr)
            ? await SignInWithTheirSecondFactorAsync(users, signIn, audit, user, organisationId.Value, loginProvider, amr, acr, returnUrl)
            : await SignInAskingOurSecondFactorAsync(signIn, audit, user, organisationId.Value, loginProvider, subject, returnUrl);
    }

    /// <summary>
    /// The account the provider's subject is linked to (linking it the first time), if it may sign in now: still in the
    /// organisation and allowed to sign in. Otherwise null, with why recorded.
    /// </summary>
    private static async Task<PlatformUser?> AccountOfAsync(
        UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, IAuditTrail audit, ClaimsPrincipal principal, Guid organisationId, string loginProvider, string subject)
    {
        var user = await users.FindByLoginAsync(loginProvider, subject)
            ?? await LinkByVerifiedEmailAsync(users, audit, principal, organisationId, loginProvider, subject);
        if (user is not null && (user.OrganisationId != organisationId || !await signIn.CanSignInAsync(user)))
        {
            await audit.RecordAsync("account.federated-sign-in-refused", "User", user.Id, user.IsActive ? "moved organisation" : "account deactivated");
            return null;
        }

        return user;
    }

    /// <summary>
    /// The first sign-in through a provider: links the account of that organisation with the provider's verified email,
    /// or records why not and gives null.
    /// </summary>
    private static async Task<PlatformUser?> LinkByVerifiedEmailAsync(
        UserManager<PlatformUser> users, IAuditTrail audit, ClaimsPrincipal principal, Guid organisationId, string loginProvider, string subject)
    {
        var email = principal.GetClaim(Claims.Email);
        var verified = string.Equals(principal.GetClaim(Claims.EmailVerified), "true", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(email) || !verified)
        {
            await audit.RecordAsync("account.federated-sign-in-refused", "User", null, $"organisation {organisationId}: no verified email");
            return null;
        }

        // Only an account already in this organisation: a provider cannot reach another organisation's people.
        var normalized = users.NormalizeEmail(email.Trim());
        var user = await users.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized && u.OrganisationId == organisationId);
        if (user is null)
        {
            await audit.RecordAsync("account.federated-sign-in-refused", "User", null, $"organisation {organisationId}: no account for that email");
            return null;
        }

        var linked = await users.AddLoginAsync(user, new UserLoginInfo(loginProvider, subject, principal.GetClaim(Claims.Private.ProviderName)));
        if (!linked.Succeeded)
        {
            await audit.RecordAsync("account.federated-sign-in-refused", "User", user.Id, string.Join(" ", linked.Errors.Select(e => e.Description)));
            return null;
        }

        audit.Add("account.federated-linked", "User", user.Id, $"organisation {organisationId}");
        return user;
    }

    /// <summary>The address to return to: a path on this site as the sign-in was asked with, else the home page.</summary>
    private static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";

    /// <summary>Signs the person in on the second factor the organisation's trusted provider proved (unless locked out).</summary>
    private static async Task<IResult> SignInWithTheirSecondFactorAsync(
        UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, IAuditTrail audit, PlatformUser user, Guid organisationId,
        string loginProvider, ImmutableArray<string> amr, string? acr, string returnUrl)
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

    /// <summary>Signs the person in through Identity's external sign-in, which asks for this service's second factor.</summary>
    private static async Task<IResult> SignInAskingOurSecondFactorAsync(
        SignInManager<PlatformUser> signIn, IAuditTrail audit, PlatformUser user, Guid organisationId, string loginProvider, string subject, string returnUrl)
    {
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
