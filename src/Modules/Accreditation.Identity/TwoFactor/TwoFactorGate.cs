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
/// Who must use two-factor authentication: everyone holding a role that endorses, marks, moderates, publishes or
/// administers (Endorser, Assessor, LeadAssessor, OrganisationAdmin, Publisher, PlatformAdmin). Candidates are offered it. The rule can be
/// switched off with Identity:RequireTwoFactorForPrivilegedRoles=false (it is on unless configured off).
/// </summary>
public sealed class TwoFactorRequirement(IConfiguration configuration)
{
    /// <summary>The claim a signed-in person carries (value "true") once their account has two-factor authentication on.</summary>
    public const string EnabledClaim = "two_factor_enabled";

    /// <summary>The configuration switch.</summary>
    public const string Setting = "Identity:RequireTwoFactorForPrivilegedRoles";

    /// <summary>The roles that require two-factor authentication.</summary>
    public static readonly IReadOnlyList<string> PrivilegedRoles =
        [Roles.Endorser, Roles.Assessor, Roles.LeadAssessor, Roles.OrganisationAdmin, Roles.Publisher, Roles.PlatformAdmin];

    /// <summary>Whether the rule is on.</summary>
    public bool IsOn { get; } = configuration.GetValue(Setting, true);

    /// <summary>Whether someone holding these roles must use two-factor authentication.</summary>
    public bool RequiredFor(IEnumerable<string> roles) => IsOn && roles.Any(r => PrivilegedRoles.Contains(r, StringComparer.Ordinal));

    /// <summary>Whether the signed-in person must use two-factor authentication.</summary>
    public bool RequiredFor(ClaimsPrincipal user) => IsOn && PrivilegedRoles.Any(user.IsInRole);

    /// <summary>Whether the signed-in person must set two-factor authentication up before going anywhere else.</summary>
    public bool MustSetUp(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && RequiredFor(user) && !user.HasClaim(EnabledClaim, "true");
}

/// <summary>
/// Sends a signed-in person whose role requires two-factor authentication, and who has not set it up, to the set-up
/// page from every page and endpoint except the set-up page, and those a person may use before changing a one-time
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
