using System.Security.Claims;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Accreditation.Identity.Accounts;

/// <summary>
/// Identity's sign-in with the platform's rule on deactivated people: they cannot sign in by any route, and a
/// session they already have ends at its next security-stamp check (every five minutes).
/// </summary>
public sealed class PlatformSignInManager(
    UserManager<PlatformUser> users,
    IHttpContextAccessor http,
    IUserClaimsPrincipalFactory<PlatformUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<PlatformUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PlatformUser> confirmation)
    : SignInManager<PlatformUser>(users, http, claims, options, logger, schemes, confirmation)
{
    /// <inheritdoc />
    public override async Task<bool> CanSignInAsync(PlatformUser user) =>
        user.IsActive && await base.CanSignInAsync(user);

    /// <inheritdoc />
    public override async Task<PlatformUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsActive: true } ? user : null;
    }
}
