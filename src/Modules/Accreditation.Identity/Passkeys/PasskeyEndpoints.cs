using System.Security.Claims;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Identity.Accounts;
using Accreditation.Identity.SignInSecurity;
using Accreditation.Identity.TwoFactor;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace Accreditation.Identity.Passkeys;

/// <summary>
/// The options a browser needs to use or make a passkey (WebAuthn), asked for by passkeys.js. The challenge is kept by
/// Identity in a short-lived encrypted cookie until the answer is posted with the page's form.
/// </summary>
public static class PasskeyEndpoints
{
    /// <summary>Options for using a passkey: the signed-in person's (confirming), the person between password and code, or anyone's.</summary>
    public const string RequestOptionsPath = "/account/passkeys/request-options";

    /// <summary>Options for making a passkey for the signed-in person.</summary>
    public const string CreationOptionsPath = "/account/passkeys/creation-options";

    /// <summary>Maps the two endpoints (POST, with the antiforgery token in the X-CSRF-TOKEN header).</summary>
    public static void MapPasskeyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(RequestOptionsPath, RequestOptionsAsync)
            .AllowAnonymous()
            .WithMetadata(new AllowBeforeTwoFactorSetupAttribute(), new AllowBeforePasswordChangeAttribute())
            .ExcludeFromDescription();
        endpoints.MapPost(CreationOptionsPath, CreationOptionsAsync)
            .RequireAuthorization()
            .WithMetadata(new AllowBeforeTwoFactorSetupAttribute())
            .ExcludeFromDescription();
    }

    private static async Task<IResult> RequestOptionsAsync(HttpContext http, IAntiforgery antiforgery, PlatformSignInManager signIn, UserManager<PlatformUser> users)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var user = http.User.Identity?.IsAuthenticated == true
            ? await users.GetUserAsync(http.User)
            : await signIn.GetTwoFactorAuthenticationUserAsync();
        var options = await signIn.MakePasskeyRequestOptionsAsync(user);
        return Results.Content(options, "application/json");
    }

    private static async Task<IResult> CreationOptionsAsync(HttpContext http, IAntiforgery antiforgery, PlatformSignInManager signIn, UserManager<PlatformUser> users, RecentSignIn recent)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var user = await users.GetUserAsync(http.User);
        if (user is null || !await recent.IsRecentAsync(http))
        {
            return Results.Unauthorized();
        }

        var options = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id,
            Name = user.Email ?? user.UserName ?? user.Id,
            DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.Id : user.DisplayName,
        });
        return Results.Content(options, "application/json");
    }
}
