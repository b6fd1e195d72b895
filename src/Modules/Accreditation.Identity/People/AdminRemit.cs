using Accreditation.Core.Identity;
using Accreditation.Core.Security;

namespace Accreditation.Identity.People;

/// <summary>
/// Whose people an admin may see and change, and which roles they may give. A platform admin manages everyone and
/// gives any role. An organisation admin manages only the people of their own organisation, gives only Candidate, Endorser and
/// OrganisationAdmin, and leaves people holding any other role to a platform admin.
/// </summary>
/// <param name="WholePlatform">Whether the admin manages the whole platform.</param>
/// <param name="OrganisationId">The admin's own organisation (the only one an organisation admin manages).</param>
/// <param name="AdminId">The admin's user id (admins do not change their own roles or deactivate themselves).</param>
public sealed record AdminRemit(bool WholePlatform, Guid? OrganisationId, string AdminId)
{
    /// <summary>The roles an organisation admin may give within their organisation.</summary>
    public static readonly IReadOnlyList<string> OrganisationRoles = [Roles.Candidate, Roles.Endorser, Roles.OrganisationAdmin];

    /// <summary>The roles this admin may give or take away, in the order admins see them.</summary>
    public IReadOnlyList<string> GrantableRoles => WholePlatform ? Roles.All : OrganisationRoles;

    /// <summary>Whether the admin may invite anyone (an organisation admin needs an organisation).</summary>
    public bool CanInvite => WholePlatform || OrganisationId is not null;

    /// <summary>Whether the admin may give or take away the role.</summary>
    public bool CanGrant(string role) => GrantableRoles.Contains(role, StringComparer.Ordinal);

    /// <summary>Whether the person is within the admin's remit at all (outside it, they do not exist for this admin).</summary>
    public bool CanSee(PlatformUser person) => WholePlatform || (OrganisationId is not null && person.OrganisationId == OrganisationId);

    /// <summary>Whether the admin may change the roles of, or deactivate, a person they can see who holds these roles.</summary>
    public bool CanChange(PlatformUser person, IEnumerable<string> heldRoles) =>
        CanSee(person) && person.Id != AdminId && (WholePlatform || heldRoles.All(CanGrant));
}

/// <summary>Role names as people read them ("Lead assessor" for LeadAssessor).</summary>
public static class RoleLabels
{
    /// <summary>The label of a role.</summary>
    public static string Of(string role) => Roles.DisplayName(role);

    /// <summary>Labels of several roles, comma-separated.</summary>
    public static string Of(IEnumerable<string> roles) => string.Join(", ", roles.Select(Of));
}
