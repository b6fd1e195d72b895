using System.Security.Claims;

namespace Accreditation.Core.Identity;

/// <summary>A person as other modules see them.</summary>
/// <param name="Id">The user id (the "sub" of their sign-in).</param>
/// <param name="DisplayName">The name they are shown by.</param>
/// <param name="Email">Their email address.</param>
/// <param name="OrganisationId">Their organisation, if any.</param>
public sealed record PersonSummary(string Id, string DisplayName, string Email, Guid? OrganisationId)
{
    /// <summary>Whether the account is active (deactivated people cannot sign in; their records stay).</summary>
    public bool IsActive { get; init; } = true;

    /// <summary>The name to show: their display name, or their email address when they have none.</summary>
    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? Email : DisplayName;
}

/// <summary>One page of people and how many there are in all.</summary>
/// <param name="People">The people on the page.</param>
/// <param name="Total">How many there are on every page together.</param>
public sealed record PeoplePage(IReadOnlyList<PersonSummary> People, int Total);

/// <summary>A person email may reach (active, with a confirmed address) and the roles they hold.</summary>
/// <param name="Person">The person.</param>
/// <param name="Roles">The names of their roles.</param>
public sealed record ReachablePerson(PersonSummary Person, IReadOnlySet<string> Roles);

/// <summary>
/// Reads people and who may do what in their organisation, for other modules, which never read the Identity module's
/// tables (users, roles). Implemented by the Identity module. Methods say whether they return only active people.
/// </summary>
public interface IPeopleDirectory
{
    /// <summary>The person with this id, active or not (records outlive accounts), or null.</summary>
    Task<PersonSummary?> FindAnyAsync(string personId, CancellationToken ct = default);

    /// <summary>The people with these ids, active or not, by id; unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<string, PersonSummary>> FindManyAsync(IReadOnlyCollection<string> personIds, CancellationToken ct = default);

    /// <summary>The person with this email address (compared as Identity normalises it), active or not, or null.</summary>
    Task<PersonSummary?> FindByEmailAsync(string email, CancellationToken ct = default);

    /// <summary>Every person of the organisation, active or not, by name.</summary>
    Task<IReadOnlyList<PersonSummary>> PeopleOfAsync(Guid organisationId, CancellationToken ct = default);

    /// <summary>
    /// One page of the organisation's people, active or not, by name, with how many there are in all (an authority has
    /// thousands). This default reads them all; the Identity module's directory reads only the page.
    /// </summary>
    async Task<PeoplePage> PeopleOfAsync(Guid organisationId, int skip, int take, CancellationToken ct = default)
    {
        var all = await PeopleOfAsync(organisationId, ct);
        return new PeoplePage(all.Skip(skip).Take(take).ToList(), all.Count);
    }

    /// <summary>The active people who hold the role, in any organisation, by name.</summary>
    Task<IReadOnlyList<PersonSummary>> HoldersOfRoleAsync(string role, CancellationToken ct = default);

    /// <summary>Whether the person holds the role (active or not).</summary>
    Task<bool> HoldsRoleAsync(string personId, string role, CancellationToken ct = default);

    /// <summary>The active people granted the permission through any of their roles, optionally of one organisation only, by name.</summary>
    Task<IReadOnlyList<PersonSummary>> HoldersOfPermissionAsync(string permission, Guid? organisationId = null, CancellationToken ct = default);

    /// <summary>
    /// One page of the active people of the organisation granted the permission, by name, with how many there are in all
    /// (an authority has thousands). This default reads them all; the Identity module's directory reads only the page.
    /// </summary>
    async Task<PeoplePage> HoldersOfPermissionAsync(string permission, Guid organisationId, int skip, int take, CancellationToken ct = default)
    {
        var all = await HoldersOfPermissionAsync(permission, organisationId, ct);
        return new PeoplePage(all.Skip(skip).Take(take).ToList(), all.Count);
    }

    /// <summary>The active people with a confirmed email address, with their roles; only the listed ones when ids are given.</summary>
    Task<IReadOnlyList<ReachablePerson>> ReachableAsync(IReadOnlyCollection<string>? personIds = null, CancellationToken ct = default);

    /// <summary>
    /// The person as their own sign-in would see them (roles, permissions, organisation claims), to apply the same access
    /// rules to work done for them in the background; null when they are not active.
    /// </summary>
    Task<ClaimsPrincipal?> PrincipalOfAsync(string personId, CancellationToken ct = default);

    /// <summary>The active person with this id, or null.</summary>
    Task<PersonSummary?> FindAsync(string personId, CancellationToken ct = default);

    /// <summary>The active people of the organisation who hold the Endorser role, by name.</summary>
    Task<IReadOnlyList<PersonSummary>> EndorsersOfAsync(Guid organisationId, CancellationToken ct = default);

    /// <summary>Whether the person is active, belongs to the organisation and holds the Endorser role there.</summary>
    Task<bool> IsEndorserOfAsync(string personId, Guid organisationId, CancellationToken ct = default);

    /// <summary>The active organisation admins of the organisation, by name (to ask them for something by email).</summary>
    Task<IReadOnlyList<PersonSummary>> OrganisationAdminsOfAsync(Guid organisationId, CancellationToken ct = default);
}

/// <summary>
/// How a person signed in, read from their session: Identity marks a sign-in completed with a second factor with the
/// "amr" (authentication methods references, RFC 8176) value "mfa", and keeps it while the session lasts.
/// </summary>
public static class SignInMethods
{
    /// <summary>The claim type that records how the person signed in.</summary>
    public const string ClaimType = "amr";

    /// <summary>The value a sign-in with a second factor carries.</summary>
    public const string SecondFactor = "mfa";

    /// <summary>Whether this session began with a second factor (a one-time code or recovery code after the password).</summary>
    public static bool UsedSecondFactor(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(ClaimType, SecondFactor);
}

/// <summary>
/// Ends a person's own account at their request (the privacy module's "close my account"). Implemented by the Identity
/// module, which owns accounts and sessions.
/// </summary>
public interface IAccountClosure
{
    /// <summary>
    /// Deactivates the account at once: no sign-in, every session ends at its next security-stamp check, every token is
    /// revoked (as when an admin deactivates someone), and signs the current browser out.
    /// </summary>
    Task CloseAsync(string personId, CancellationToken ct = default);
}
