using System.Security.Claims;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Identity.Accounts;

/// <summary>
/// Keeps how a person signed in (the "amr" claims, e.g. "mfa" after a one-time code) when the security-stamp check
/// rebuilds their session every few minutes: Identity rebuilds it from the database and would otherwise forget that
/// the session began with a second factor, which the endorsement and other privileged actions check.
/// </summary>
public static class SignInMethodsOnRefresh
{
    /// <summary>Copies the "amr" claims of the current session onto the rebuilt one.</summary>
    public static IServiceCollection KeepSignInMethodsWhenSessionsRefresh(this IServiceCollection services) =>
        services.PostConfigure<SecurityStampValidatorOptions>(options =>
        {
            var earlier = options.OnRefreshingPrincipal;
            options.OnRefreshingPrincipal = async context =>
            {
                if (earlier is not null)
                {
                    await earlier(context);
                }

                if (context.NewPrincipal?.Identities.FirstOrDefault() is { } identity && context.CurrentPrincipal is { } current)
                {
                    foreach (var method in current.FindAll(SignInMethods.ClaimType))
                    {
                        if (!identity.HasClaim(SignInMethods.ClaimType, method.Value))
                        {
                            identity.AddClaim(new Claim(SignInMethods.ClaimType, method.Value));
                        }
                    }
                }
            };
        });
}
