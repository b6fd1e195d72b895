using System.Security.Claims;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Accreditation.Identity.Accounts;

/// <summary>
/// Builds a signed-in person's claims: Identity's (id, name, roles and their permission claims) plus the
/// must-change-password mark while they hold a one-time password, their organisation, and whether their account has
/// two-factor authentication on (which the two-factor gate reads).
/// </summary>
public sealed class PlatformClaimsPrincipalFactory(UserManager<PlatformUser> users, RoleManager<PlatformRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PlatformUser, PlatformRole>(users, roles, options)
{
    /// <inheritdoc />
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PlatformUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(PlatformClaims.MustChangePassword, "true"));
        }

        if (user.OrganisationId is { } organisation)
        {
            identity.AddClaim(new Claim(PlatformClaims.OrganisationId, organisation.ToString()));
        }

        if (user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(TwoFactor.TwoFactorRequirement.EnabledClaim, "true"));
        }

        return identity;
    }
}
