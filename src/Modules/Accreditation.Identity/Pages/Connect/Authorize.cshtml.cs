using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Identity.OpenIdConnect;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Accreditation.Identity.Pages.Connect;

/// <summary>
/// The authorization endpoint. OpenIddict has already checked the client, its redirect URI, scopes and PKCE; this page
/// makes sure the person is signed in, asks their consent for third-party applications, and issues the code.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken] // an authorization request may itself be a POST from the client; the consent form is checked below
public sealed class AuthorizeModel(
    UserManager<PlatformUser> users,
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    PersonClaims claims,
    IAntiforgery antiforgery,
    IAuditTrail audit,
    TimeProvider clock) : PageModel
{
    /// <summary>The application's name.</summary>
    public string ApplicationName { get; private set; } = "";

    /// <summary>What the application asks to do, in words.</summary>
    public IReadOnlyList<string> Requested { get; private set; } = [];

    /// <summary>The request's parameters, carried through the consent form.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    /// <summary>Handles the authorization request sent as a GET.</summary>
    public Task<IActionResult> OnGetAsync() => HandleAsync(decision: null);

    /// <summary>Handles the consent form (or an authorization request sent as a POST).</summary>
    public async Task<IActionResult> OnPostAsync([FromForm(Name = "decision")] string? decision)
    {
        if (decision is not null && !await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return BadRequest();
        }

        return await HandleAsync(decision);
    }

    private async Task<IActionResult> HandleAsync(string? decision)
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var signedIn = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = signedIn.Succeeded ? await users.GetUserAsync(signedIn.Principal!) : null;
        var tooOld = request.MaxAge is { } maxAge && signedIn.Properties?.IssuedUtc is { } issued &&
            clock.GetUtcNow() - issued > TimeSpan.FromSeconds(maxAge);
        if (user is not { IsActive: true } || (decision is null && request.HasPromptValue(PromptValues.Login)) || tooOld)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The person is not signed in.");
            }

            // Back here once signed in. The sign-in about to happen answers prompt=login, so that value alone is dropped
            // (or the person would be asked again and again); every other value, consent above all, is kept, so a
            // client that asked for the consent screen gets it after the sign-in too.
            var parameters = Request.HasFormContentType ? Request.Form.ToList() : Request.Query.ToList();
            parameters.RemoveAll(p => p.Key == OpenIddictConstants.Parameters.Prompt || p.Key == "decision" || p.Key == "__RequestVerificationToken");
            var prompt = string.Join(' ', request.GetPromptValues().Where(v => v != PromptValues.Login));
            if (prompt.Length > 0)
            {
                parameters.Add(new(OpenIddictConstants.Parameters.Prompt, prompt));
            }

            await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Challenge(new AuthenticationProperties { RedirectUri = Request.PathBase + Request.Path + QueryString.Create(parameters) },
                IdentityConstants.ApplicationScheme);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!)
            ?? throw new InvalidOperationException("The client application cannot be found.");
        var applicationId = (await applications.GetIdAsync(application))!;
        var scopes = request.GetScopes();
        var existing = new List<object>();
        await foreach (var authorization in authorizations.FindAsync(user.Id, applicationId, Statuses.Valid, AuthorizationTypes.Permanent, scopes))
        {
            existing.Add(authorization);
        }

        var consentType = await applications.GetConsentTypeAsync(application);
        if (decision == "deny")
        {
            await audit.RecordAsync("openid.consent-refused", "OpenIdClient", request.ClientId, string.Join(" ", scopes));
            return Refuse(Errors.AccessDenied, "The person did not allow the application.");
        }

        var consented = decision == "allow";
        if (consentType == ConsentTypes.Explicit && !consented && (existing.Count == 0 || request.HasPromptValue(PromptValues.Consent)))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.ConsentRequired, "The person has not allowed this application yet.");
            }

            ApplicationName = await applications.GetLocalizedDisplayNameAsync(application) ?? request.ClientId!;
            Requested = scopes.Select(ConnectScopes.Describe).Distinct().ToList();
            var source = Request.HasFormContentType ? Request.Form.ToList() : Request.Query.ToList();
            Parameters = source.Where(p => p.Key is not ("decision" or "__RequestVerificationToken"))
                .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")))
                .ToList();
            return Page();
        }

        var identity = await claims.CreateAsync(user, scopes);
        var grant = existing.LastOrDefault();
        if (grant is null && consented)
        {
            // A permanent authorization remembers the consent; later requests for the same scopes skip the screen.
            grant = await authorizations.CreateAsync(new System.Security.Claims.ClaimsPrincipal(identity), user.Id, applicationId, AuthorizationTypes.Permanent, scopes);
            audit.Add("openid.consent-given", "OpenIdClient", request.ClientId, string.Join(" ", scopes));
        }

        if (grant is not null)
        {
            identity.SetAuthorizationId(await authorizations.GetIdAsync(grant));
        }

        await audit.RecordAsync("openid.authorized", "OpenIdClient", request.ClientId, $"{user.Id}: {string.Join(" ", scopes)}");
        return SignIn(new System.Security.Claims.ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private ForbidResult Refuse(string error, string description) =>
        Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
