using System.Security.Claims;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Identity.TwoFactor;

/// <summary>Marks a page a person may use before setting up a required two-factor authentication (the set-up page itself).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowBeforeTwoFactorSetupAttribute : Attribute;

/// <summary>
/// Who must use a second factor (an authenticator app, a passkey, or their organisation's own strong sign-in): everyone
/// who signs in. Every role sees personal data: candidates hold evidence about children and families, assessors and lead
/// assessors read it, organisation admins and platform admins manage people, publishers and research editors work with
/// named authors and readers, and every account holds its owner's own CPD record. The rule can be switched off with
/// Identity:RequireTwoFactor=false (for a demonstration site; it is on unless configured off).
/// </summary>
public sealed class TwoFactorRequirement(IConfiguration configuration)
{
    /// <summary>The claim a signed-in person carries (value "true") once their account has a second factor.</summary>
    public const string EnabledClaim = "two_factor_enabled";

    /// <summary>The configuration switch.</summary>
    public const string Setting = "Identity:RequireTwoFactor";

    /// <summary>Whether the rule is on.</summary>
    public bool IsOn { get; } = configuration.GetValue(Setting, true);

    /// <summary>Whether someone holding these roles must use a second factor (everyone, while the rule is on).</summary>
    public bool RequiredFor(IEnumerable<string> roles) => IsOn;

    /// <summary>Whether the signed-in person must use a second factor.</summary>
    public bool RequiredFor(ClaimsPrincipal user) => IsOn && user.Identity?.IsAuthenticated == true;

    /// <summary>
    /// Whether the signed-in person must set a second factor up before going anywhere else: they have none, and this
    /// session was not started with two factors (a trusted organisation's sign-in can give both).
    /// </summary>
    public bool MustSetUp(ClaimsPrincipal user) =>
        RequiredFor(user) && !user.HasClaim(EnabledClaim, "true") && !user.HasClaim("amr", Accounts.PlatformSignInManager.MultiFactor);
}

/// <summary>
/// Sends a signed-in person who has no second factor to the set-up page from every page and endpoint except the set-up page, and those a person may use before changing a one-time
/// password (sign-out, the error and access-denied pages, changing the password). Static files are served before it.
/// </summary>
public static class TwoFactorGate
{
    /// <summary>Where two-factor authentication is set up.</summary>
    public const string SetupPath = "/account/two-factor/setup";

    /// <summary>Middleware (after authentication and the password-change gate, before authorization).</summary>
    public static IApplicationBuilder UseTwoFactorGate(this IApplicationBuilder app)
    {
        var requirement = app.ApplicationServices.GetService<TwoFactorRequirement>();
        if (requirement is not { IsOn: true })
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            var metadata = context.GetEndpoint()?.Metadata;
            if (requirement.MustSetUp(context.User) &&
                metadata?.GetMetadata<AllowBeforeTwoFactorSetupAttribute>() is null &&
                metadata?.GetMetadata<AllowBeforePasswordChangeAttribute>() is null)
            {
                context.Response.Redirect(SetupPath);
                return;
            }

            await next(context);
        });
    }
}
