using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Accreditation.Core.Security;

/// <summary>Something a person may do; held through roles.</summary>
public sealed record Permission(string Name, string Description);

/// <summary>A module's permissions and the roles that hold them when the setup recipe creates the roles.</summary>
public interface IPermissionProvider
{
    /// <summary>The permissions the module defines.</summary>
    IReadOnlyList<Permission> All { get; }

    /// <summary>Default holders: role name to the permission names it gets.</summary>
    IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; }
}

/// <summary>A permission provider and the module that owns it.</summary>
public sealed record PermissionRegistration(string ModuleId, IPermissionProvider Provider);

/// <summary>The platform's roles. Everyone, whatever their roles, must have a second factor (Identity's two-factor gate).</summary>
public static class Roles
{
    /// <summary>A practitioner building a portfolio and CPD record.</summary>
    public const string Candidate = "Candidate";

    /// <summary>Endorses candidates of their own organisation as ready (a line manager or principal social worker), given by the organisation's admin.</summary>
    public const string Endorser = "Endorser";

    /// <summary>Marks allocated snapshots.</summary>
    public const string Assessor = "Assessor";

    /// <summary>Moderates, reallocates and releases decisions.</summary>
    public const string LeadAssessor = "LeadAssessor";

    /// <summary>Administers one local authority's people.</summary>
    public const string OrganisationAdmin = "OrganisationAdmin";

    /// <summary>Edits the research library.</summary>
    public const string ResearchEditor = "ResearchEditor";

    /// <summary>Publishes practice updates and pages.</summary>
    public const string Publisher = "Publisher";

    /// <summary>Runs the platform; holds every permission.</summary>
    public const string PlatformAdmin = "PlatformAdmin";

    /// <summary>All roles, in the order admins see them.</summary>
    public static readonly IReadOnlyList<string> All =
        [Candidate, Endorser, Assessor, LeadAssessor, OrganisationAdmin, ResearchEditor, Publisher, PlatformAdmin];

    /// <summary>The name people read for a role ("Lead assessor"); the code name is for storage and recipes only.</summary>
    public static string DisplayName(string role) => role switch
    {
        LeadAssessor => "Lead assessor",
        OrganisationAdmin => "Organisation admin",
        ResearchEditor => "Research editor",
        PlatformAdmin => "Platform admin",
        _ => role,
    };
}

/// <summary>Claim types the platform issues.</summary>
public static class PlatformClaims
{
    /// <summary>A permission held through a role (stored as a role claim).</summary>
    public const string Permission = "permission";

    /// <summary>The id of the organisation a person belongs to.</summary>
    public const string OrganisationId = "organisation";

    /// <summary>Present (value "true") while the person signed in with a one-time password they must change first.</summary>
    public const string MustChangePassword = "must_change_password";
}

/// <summary>Authorization requirement: the person holds the named permission (PlatformAdmin holds all).</summary>
public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

/// <summary>Grants a permission requirement from the person's permission claims.</summary>
public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.IsInRole(Roles.PlatformAdmin) || context.User.HasClaim(PlatformClaims.Permission, requirement.Permission))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Turns a policy name "Permission:X" into a permission requirement, so pages write [Authorize(Policy = "Permission:X")].</summary>
public sealed class PermissionPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    /// <summary>The prefix of permission policy names.</summary>
    public const string Prefix = "Permission:";

    /// <inheritdoc />
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(policyName[Prefix.Length..]))
                .Build();
        }

        return await base.GetPolicyAsync(policyName);
    }
}

/// <summary>Checks permissions outside attributes (menus, navigation, handlers).</summary>
public static class PermissionChecks
{
    /// <summary>Whether the principal holds the permission.</summary>
    public static bool HasPermission(this ClaimsPrincipal user, string permission) =>
        user.Identity?.IsAuthenticated == true &&
        (user.IsInRole(Roles.PlatformAdmin) || user.HasClaim(PlatformClaims.Permission, permission));
}
