using System.Globalization;
using System.Security.Claims;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Accreditation.Identity.Accounts;

/// <summary>
/// Identity's sign-in with the platform's rules: deactivated people cannot sign in by any route, and a session they
/// already have ends at its next security-stamp check (every five minutes); a person with a second factor (an
/// authenticator app or a passkey) always gives it after their password; every session records when it started and
/// when the person last proved who they are (<see cref="SessionTimes"/>).
/// </summary>
public sealed class PlatformSignInManager(
    UserManager<PlatformUser> users,
    IHttpContextAccessor http,
    IUserClaimsPrincipalFactory<PlatformUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<PlatformUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PlatformUser> confirmation,
    TimeProvider clock)
    : SignInManager<PlatformUser>(users, http, claims, options, logger, schemes, confirmation)
{
    /// <summary>The "amr" value of a session whose person gave two factors (Identity's own value after its code step).</summary>
    public const string MultiFactor = "mfa";

    /// <inheritdoc />
    public override async Task<bool> CanSignInAsync(PlatformUser user) =>
        user.IsActive && await base.CanSignInAsync(user);

    /// <inheritdoc />
    public override async Task<PlatformUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsActive: true } ? user : null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Identity also asks that some code provider could make a code; the platform's rule is simpler: the account's
    /// switch decides, so a person whose only second factor is a passkey still gives it after their password.
    /// </remarks>
    public override Task<bool> IsTwoFactorEnabledAsync(PlatformUser user) => Task.FromResult(user.TwoFactorEnabled);

    /// <inheritdoc />
    public override Task SignInWithClaimsAsync(PlatformUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        // A new session (not a refresh of one, which carries its properties) starts now, with the person's proof now.
        var properties = authenticationProperties ?? new AuthenticationProperties();
        if (SessionTimes.StartedAt(properties) is null)
        {
            var now = clock.GetUtcNow();
            SessionTimes.SetStartedAt(properties, now);
            SessionTimes.SetAuthenticatedAt(properties, now);
        }

        return base.SignInWithClaimsAsync(user, properties, additionalClaims);
    }

    /// <summary>
    /// Signs in with a passkey: the assertion must verify the person (PIN or biometric), so it is two factors in one
    /// and no code is asked for. Returns the person, or null when the passkey was not accepted or they may not sign in.
    /// </summary>
    public async Task<(SignInResult Result, PlatformUser? User)> SignInWithPasskeyAsync(string credentialJson)
    {
        var assertion = await PerformPasskeyAssertionAsync(credentialJson);
        if (!assertion.Succeeded)
        {
            return (SignInResult.Failed, null);
        }

        var user = assertion.User;
        if (await PreSignInCheck(user) is { } refused)
        {
            return (refused, user);
        }

        if (!(await UserManager.AddOrUpdatePasskeyAsync(user, assertion.Passkey)).Succeeded)
        {
            return (SignInResult.Failed, user);
        }

        await ResetLockout(user);
        await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", MultiFactor)]);
        return (SignInResult.Success, user);
    }

    /// <summary>Checks a passkey of the signed-in person (re-authentication); true when it is theirs and verified them.</summary>
    public async Task<bool> CheckPasskeyAsync(PlatformUser user, string credentialJson)
    {
        var assertion = await PerformPasskeyAssertionAsync(credentialJson);
        if (!assertion.Succeeded || assertion.User.Id != user.Id)
        {
            return false;
        }

        return (await UserManager.AddOrUpdatePasskeyAsync(user, assertion.Passkey)).Succeeded;
    }

    /// <summary>Records that the signed-in person has just proved who they are again (password or passkey).</summary>
    public async Task RecordReauthenticationAsync(PlatformUser user)
    {
        var auth = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (auth.Properties is not { } properties || auth.Principal is null)
        {
            return;
        }

        SessionTimes.SetAuthenticatedAt(properties, clock.GetUtcNow());
        var kept = auth.Principal.Claims.Where(c => c.Type is "amr" or ClaimTypes.AuthenticationMethod).ToList();
        await SignInWithClaimsAsync(user, properties, kept);
    }
}

/// <summary>When a session started and when its person last proved who they are, kept in the sign-in cookie's properties.</summary>
public static class SessionTimes
{
    private const string StartedKey = ".accreditation.session-started";
    private const string AuthenticatedKey = ".accreditation.authenticated-at";

    /// <summary>When the session started.</summary>
    public static DateTimeOffset? StartedAt(AuthenticationProperties? properties) => Read(properties, StartedKey);

    /// <summary>When the person last gave their password or a passkey.</summary>
    public static DateTimeOffset? AuthenticatedAt(AuthenticationProperties? properties) => Read(properties, AuthenticatedKey);

    /// <summary>Sets when the session started.</summary>
    public static void SetStartedAt(AuthenticationProperties properties, DateTimeOffset at) =>
        properties.Items[StartedKey] = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Sets when the person last proved who they are.</summary>
    public static void SetAuthenticatedAt(AuthenticationProperties properties, DateTimeOffset at) =>
        properties.Items[AuthenticatedKey] = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset? Read(AuthenticationProperties? properties, string key) =>
        properties?.Items.TryGetValue(key, out var value) == true && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
